// A Pod: where it runs, its phase, each container's image, ports, state, limits and environment,
// its conditions, and why the scheduler put it where it is (or nowhere).
import type { ApiObject, Container, ContainerState, ContainerStatus, EnvVar, Pod } from "@skiff/api";
import { formatTimestamp as formatTime } from "../age.js";
import { describeScheduling } from "./scheduling.js";
import type { DescribeWriter } from "./writer.js";

/** `State:` or `Last State:` with its detail lines, as kubectl's describeContainerState. */
function stateLines(label: string, st: ContainerState | undefined, w: DescribeWriter): void {
  if (st?.running) {
    w.field(label, "Running").field("  Started", formatTime(st.running.startedAt));
  } else if (st?.terminated) {
    const t = st.terminated;
    w.field(label, "Terminated").field("  Reason", t.reason);
    if (t.message) w.field("  Message", t.message);
    w.field("  Exit Code", t.exitCode);
    if (t.signal) w.field("  Signal", t.signal);
    w.field("  Started", formatTime(t.startedAt)).field("  Finished", formatTime(t.finishedAt));
  } else if (st?.waiting) {
    w.field(label, "Waiting").field("  Reason", st.waiting.reason);
    if (st.waiting.message) w.field("  Message", st.waiting.message);
  } else {
    w.field(label, "Waiting");
  }
}

/** A value, or where it comes from, as kubectl words it. */
function envValue(e: EnvVar): string {
  const from = e.valueFrom;
  if (from?.configMapKeyRef) return `<set to the key '${from.configMapKeyRef.key}' of config map '${from.configMapKeyRef.name}'>`;
  if (from?.secretKeyRef) return `<set to the key '${from.secretKeyRef.key}' in secret '${from.secretKeyRef.name}'>`;
  if (from?.fieldRef) return ` (${from.fieldRef.apiVersion ?? "v1"}:${from.fieldRef.fieldPath})`;
  if (from?.resourceFieldRef) return ` (${from.resourceFieldRef.resource})`;
  return e.value ?? "";
}

/** A list of words one per line under its label (Command, Args), as kubectl prints them. */
function words(w: DescribeWriter, label: string, list: string[] | undefined): void {
  if (list?.length) w.section(label, (s) => list.forEach((a) => s.text(a)));
}

function describeContainer(c: Container, cs: ContainerStatus | undefined, w: DescribeWriter): void {
  if (cs) w.field("Container ID", cs.containerID);
  w.field("Image", c.image);
  if (cs?.imageID) w.field("Image ID", cs.imageID);
  const ports = c.ports ?? [];
  const plural = ports.length > 1 ? "s" : "";
  w.field(`Port${plural}`, ports.map((p) => `${p.containerPort}/${p.protocol ?? "TCP"}`).join(", "));
  w.field(`Host Port${plural}`, ports.map((p) => `${p.hostPort ?? 0}/${p.protocol ?? "TCP"}`).join(", "));
  words(w, "Command", c.command);
  words(w, "Args", c.args);
  stateLines("State", cs?.state, w);
  if (cs?.lastState?.terminated) stateLines("Last State", cs.lastState, w);
  w.field("Ready", cs?.ready ? "True" : "False");
  w.field("Restart Count", cs?.restartCount ?? 0);
  if (c.resources?.limits) w.mapBlock("Limits", c.resources.limits);
  if (c.resources?.requests) w.mapBlock("Requests", c.resources.requests);
  w.mapBlock("Environment", Object.fromEntries((c.env ?? []).map((e) => [e.name, envValue(e)])));
}

export function describePod(obj: ApiObject, w: DescribeWriter): void {
  const pod = obj as Pod;
  const hostIP = pod.status?.hostIP;
  w.field("Node", pod.spec?.nodeName ? `${pod.spec.nodeName}${hostIP ? `/${hostIP}` : ""}` : undefined);
  w.field("Start Time", formatTime(pod.status?.startTime));
  // kubectl shows the phase here (the table's STATUS is the place for container reasons).
  w.field("Status", pod.metadata.deletionTimestamp ? "Terminating" : (pod.status?.phase ?? "Pending"));
  if (pod.status?.reason) w.field("Reason", pod.status.reason);
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
  describeScheduling(pod, w);
}
