// A Pod: where it runs, its phase, and each container's image, ports, env, limits and state.
import type { ApiObject, Container, ContainerStatus, Pod } from "@skiff/api";
import { podStatus } from "../columns/index.js";
import { formatTimestamp as formatTime } from "../age.js";
import type { DescribeWriter } from "./writer.js";

/** `Running`, `Waiting` / `Terminated` with their reason, as a label and detail lines. */
function stateLines(cs: ContainerStatus | undefined, w: DescribeWriter): void {
  const st = cs?.state;
  if (st?.running) {
    w.field("State", "Running").field("  Started", formatTime(st.running.startedAt));
  } else if (st?.terminated) {
    w.field("State", "Terminated").field("  Reason", st.terminated.reason).field("  Exit Code", st.terminated.exitCode);
  } else if (st?.waiting) {
    w.field("State", "Waiting").field("  Reason", st.waiting.reason);
  } else {
    w.field("State", "Waiting");
  }
}

function describeContainer(c: Container, cs: ContainerStatus | undefined, w: DescribeWriter): void {
  w.field("Image", c.image);
  const ports = (c.ports ?? []).map((p) => `${p.containerPort}/${p.protocol ?? "TCP"}`);
  w.field(ports.length > 1 ? "Ports" : "Port", ports.join(", "));
  if (c.command?.length) w.field("Command", c.command.join(" "));
  if (c.args?.length) w.field("Args", c.args.join(" "));
  stateLines(cs, w);
  w.field("Ready", cs ? (cs.ready ? "True" : "False") : "False");
  w.field("Restart Count", cs?.restartCount ?? 0);
  if (c.resources?.limits) w.mapBlock("Limits", c.resources.limits);
  if (c.resources?.requests) w.mapBlock("Requests", c.resources.requests);
  const env = (c.env ?? []).map((e) => [e.name, e.value ?? "(from a reference)"] as const);
  w.mapBlock("Environment", Object.fromEntries(env));
}

export function describePod(obj: ApiObject, w: DescribeWriter): void {
  const pod = obj as Pod;
  const hostIP = pod.status?.hostIP;
  w.field("Node", pod.spec?.nodeName ? `${pod.spec.nodeName}${hostIP ? `/${hostIP}` : ""}` : undefined);
  w.field("Start Time", formatTime(pod.status?.startTime));
  w.field("Status", podStatus(pod));
  if (pod.status?.message) w.field("Message", pod.status.message);
  w.field("IP", pod.status?.podIP);
  w.section("Containers", (s) => {
    for (const c of pod.spec?.containers ?? []) {
      const cs = pod.status?.containerStatuses?.find((x) => x.name === c.name);
      s.section(c.name, (cw) => describeContainer(c, cs, cw));
    }
  });
  const conditions = pod.status?.conditions ?? [];
  if (conditions.length) {
    w.section("Conditions", (s) => {
      const width = Math.max(4, ...conditions.map((c) => c.type.length));
      s.text(`${"Type".padEnd(width)}   Status`);
      for (const c of conditions) s.text(`${c.type.padEnd(width)}   ${c.status}`);
    });
  }
}
