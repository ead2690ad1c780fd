import { describe, expect, it } from "vitest";
import { toRuntimeEvent } from "./events.js";

describe("toRuntimeEvent", () => {
  it("keeps labels, drops the engine's other attributes, and reads a die's exit code", () => {
    const event = toRuntimeEvent({
      Type: "container",
      Action: "die",
      Actor: { ID: "abc", Attributes: { image: "busybox", name: "web", exitCode: "3", "skiff.pod": "web" } },
    });
    expect(event).toEqual({ containerId: "abc", action: "die", labels: { "skiff.pod": "web" }, exitCode: 3 });
  });

  it("ignores other kinds of events", () => {
    expect(toRuntimeEvent({ Type: "container", Action: "exec_start: sh", Actor: { ID: "abc" } })).toBeUndefined();
    expect(toRuntimeEvent({ Type: "network", Action: "connect", Actor: { ID: "n" } })).toBeUndefined();
  });
});
