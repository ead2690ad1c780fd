// The Events section every `describe` ends with, as kubectl's DescribeEvents: oldest first,
// Type / Reason / Age / From / Message, or `Events:  <none>`.
import type { Event } from "@skiff/api";
import { eventInterval } from "../events.js";
import { table } from "./table.js";
import type { DescribeWriter } from "./writer.js";

export function describeEvents(events: readonly Event[], w: DescribeWriter, now: number): void {
  if (events.length === 0) {
    w.field("Events", undefined);
    return;
  }
  w.section("Events", (s) =>
    table(
      s,
      ["Type", "Reason", "Age", "From", "Message"],
      events.map((e) => [e.type ?? "", e.reason ?? "", eventInterval(e, now), e.source?.component ?? "", (e.message ?? "").trim()]),
    ),
  );
}
