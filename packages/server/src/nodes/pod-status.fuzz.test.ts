// Fuzzing the gate for agents' pod status reports (readReportedStatus: JSON, then @skiff/api's
// schema), as fuzz-grpc.test.ts fuzzes the API service: 10,000 random and mutated reports. Each is
// refused with a ValidationError whose every issue names a field under the report, or accepted;
// and what is accepted is sound by a check written here by hand (not the schema judging itself),
// and every reader of pod status takes it without throwing: the merge into the stored pod, the
// ReplicaSet's plan (which threw for ever on `containerStatuses: "x"`), the Endpoints' plan and
// the printers of `get pods`.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ValidationError, podIP, podReady, podRestarts, podStatus, transition, type Pod, type PodStatus, type ReplicaSet, type Service } from "@skiff/api";
import { mutate } from "../../../api/src/test-mutate.js";
import { desiredEndpoints } from "../controllers/endpoints/index.js";
import { planReplicaSet } from "../controllers/replicaset/index.js";
import { mergeReportedStatus, readReportedStatus } from "./pod-status.js";

const RUNS = 10_000;
const AT = "updates[0].statusJson";
const T = "2024-05-01T10:00:00.000Z";

// What agents report (agent/src/pods/status.ts): the bases the mutations start from.
const running: PodStatus = {
  phase: "Running",
  conditions: [
    { type: "PodScheduled", status: "True", lastTransitionTime: T },
    { type: "Ready", status: "True", lastTransitionTime: T },
  ],
  startTime: T,
  hostIP: "127.0.0.2",
  podIP: "10.244.2.3",
  podIPs: [{ ip: "10.244.2.3" }],
  containerStatuses: [
    {
      name: "app",
      state: { running: { startedAt: T } },
      lastState: { terminated: { exitCode: 1, reason: "Error", finishedAt: T, containerID: "docker://a" } },
      ready: true,
      started: true,
      restartCount: 2,
      image: "img:1",
      imageID: "",
      containerID: "docker://b",
    },
  ],
  hostPorts: [{ containerPort: 8080, protocol: "TCP", hostIP: "127.0.0.2", hostPort: 49153 }],
};
const waiting: PodStatus = {
  phase: "Pending",
  conditions: [{ type: "Ready", status: "False", reason: "ContainersNotReady", message: "containers with unready status: [app]", lastTransitionTime: T }],
  containerStatuses: [{ name: "app", state: { waiting: { reason: "ImagePullBackOff", message: "no such image" } }, ready: false, restartCount: 0, image: "img:2", imageID: "" }],
};
const failed: PodStatus = {
  phase: "Failed",
  containerStatuses: [{ name: "app", state: { terminated: { exitCode: 137, signal: 9, reason: "OOMKilled", startedAt: T, finishedAt: T } }, ready: false, restartCount: 0, image: "img:1", imageID: "" }],
};

// --- a check of soundness written without the schema -------------------------------------------

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isStr = (v: unknown) => typeof v === "string";
const isInt = (v: unknown, min = -Infinity) => Number.isInteger(v) && (v as number) >= min;
const opt = (v: unknown, check: (v: unknown) => boolean) => v === undefined || check(v);
const listOf = (v: unknown, check: (v: unknown) => boolean) => Array.isArray(v) && v.every(check);
const time = (v: unknown) => isStr(v) && !Number.isNaN(Date.parse(v as string));
const only = (v: Record<string, unknown>, keys: string[]) => Object.keys(v).every((k) => keys.includes(k));

function soundState(v: unknown): boolean {
  if (!isRecord(v) || !only(v, ["waiting", "running", "terminated"])) return false;
  if (["waiting", "running", "terminated"].filter((k) => v[k] !== undefined).length > 1) return false;
  const { waiting: w, running: r, terminated: t } = v;
  return (
    opt(w, (w) => isRecord(w) && opt(w.reason, isStr) && opt(w.message, isStr)) &&
    opt(r, (r) => isRecord(r) && opt(r.startedAt, time)) &&
    opt(t, (t) => isRecord(t) && isInt(t.exitCode) && opt(t.signal, isInt) && opt(t.reason, isStr) && opt(t.message, isStr) && opt(t.startedAt, time) && opt(t.finishedAt, time) && opt(t.containerID, isStr))
  );
}

function soundContainer(v: unknown): boolean {
  if (!isRecord(v) || !only(v, ["name", "state", "lastState", "ready", "started", "restartCount", "image", "imageID", "containerID"])) return false;
  return isStr(v.name) && v.name !== "" && typeof v.ready === "boolean" && isInt(v.restartCount, 0) && isStr(v.image) && isStr(v.imageID) && opt(v.started, (s) => typeof s === "boolean") && opt(v.state, soundState) && opt(v.lastState, soundState) && opt(v.containerID, isStr);
}

const port = (v: unknown) => isInt(v, 1) && (v as number) <= 65535;
const distinct = (items: unknown, key: string) => !Array.isArray(items) || new Set(items.map((i) => (i as Record<string, unknown>)[key])).size === items.length;

function sound(s: unknown): boolean {
  if (!isRecord(s) || !only(s, ["phase", "conditions", "message", "reason", "hostIP", "podIP", "podIPs", "startTime", "containerStatuses", "hostPorts"])) return false;
  return (
    opt(s.phase, (p) => ["Pending", "Running", "Succeeded", "Failed", "Unknown"].includes(p as string)) &&
    opt(s.conditions, (cs) => listOf(cs, (c) => isRecord(c) && isStr(c.type) && c.type !== "" && ["True", "False", "Unknown"].includes(c.status as string) && opt(c.lastTransitionTime, time) && opt(c.lastProbeTime, time) && opt(c.reason, isStr) && opt(c.message, isStr)) && distinct(cs, "type")) &&
    opt(s.message, isStr) &&
    opt(s.reason, isStr) &&
    opt(s.hostIP, isStr) &&
    opt(s.podIP, isStr) &&
    opt(s.podIPs, (ips) => listOf(ips, (i) => isRecord(i) && isStr(i.ip))) &&
    opt(s.startTime, time) &&
    opt(s.containerStatuses, (cs) => listOf(cs, soundContainer) && distinct(cs, "name")) &&
    opt(s.hostPorts, (hs) => listOf(hs, (h) => isRecord(h) && port(h.containerPort) && port(h.hostPort) && ["TCP", "UDP"].includes(h.protocol as string) && isStr(h.hostIP)))
  );
}

// --- the readers ---------------------------------------------------------------------------------

const storedPod = (phase: PodStatus["phase"]): Pod => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "web-1", namespace: "default", uid: "u1", labels: { app: "web" }, ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "web", uid: "rs", controller: true }] },
  spec: { nodeName: "n1", containers: [{ name: "app", image: "img:1", ports: [{ containerPort: 8080 }] }] },
  status: { phase, conditions: [{ type: "PodScheduled", status: "True" }] },
});
const sibling: Pod = { ...storedPod("Running"), metadata: { ...storedPod("Running").metadata, name: "web-2", uid: "u2" }, status: running };
const rs: ReplicaSet = {
  apiVersion: "apps/v1",
  kind: "ReplicaSet",
  metadata: { name: "web", namespace: "default", uid: "rs" },
  spec: { replicas: 1, minReadySeconds: 5, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "app", image: "img:1" }] } } },
};
const svc: Service = { apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: "default" }, spec: { selector: { app: "web" }, ports: [{ port: 80, targetPort: 8080 }] } };
const NOW = new Date("2024-05-01T10:01:00Z");

/** Everything that reads a stored pod's status, run over `pod`: none may throw. */
function readAll(pod: Pod): void {
  planReplicaSet(rs, [pod, sibling], NOW); // one too many: ranks them for deletion, by readiness and restarts
  desiredEndpoints(svc, [pod, sibling]);
  podStatus(pod);
  podReady(pod);
  podRestarts(pod, NOW.getTime());
  podIP(pod);
}

// --- the reports -------------------------------------------------------------------------------

const jsonish = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom("x", "", -1, 0.5, 1e21, 70000, true, null, [], {}, "2024-13-45T99:99:99Z", "yesterday", "Running", "True", "TCP", { running: {}, waiting: {} }),
);
const mutated = fc
  .tuple(fc.constantFrom(running, waiting, failed), fc.array(fc.tuple(fc.array(fc.nat(), { maxLength: 6 }), jsonish), { minLength: 1, maxLength: 3 }))
  .map(([base, edits]) => edits.reduce<unknown>((o, [path, value]) => mutate(o, path, value), base));
const statusJson = fc.oneof(
  { weight: 6, arbitrary: mutated.map((o) => JSON.stringify(o) ?? "null") },
  { weight: 1, arbitrary: fc.constantFrom(running, waiting, failed).map((o) => JSON.stringify(o)) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom("", "{", "[1,", '{"phase":', "\u0000", "1e999", '{"__proto__":{"phase":"Running"}}', '{"constructor":{"prototype":{}}}')) },
);

describe("pod status reports from agents", () => {
  it(`refuse what is broken, naming the field, and store only what every reader can read (${RUNS} reports)`, () => {
    let accepted = 0;
    fc.assert(
      fc.property(statusJson, fc.constantFrom<PodStatus["phase"]>("Pending", "Running", "Succeeded", undefined), (json, before) => {
        let status: PodStatus;
        try {
          status = readReportedStatus(json, AT);
        } catch (err) {
          // Plain checks rather than expect() in the loop: 10,000 runs stay fast.
          if (!(err instanceof ValidationError)) throw new Error(`not a ValidationError: ${String(err)}`);
          if (err.issues.length === 0) throw new Error("refused without saying why");
          for (const i of err.issues) {
            if (!i.path.startsWith(AT)) throw new Error(`issue outside the report: ${i.path}`);
            if (i.message.trim() === "" || /\n\s+at |\[object Object\]/.test(i.message)) throw new Error(`unclear message: ${i.message}`);
          }
          return;
        }
        accepted += 1;
        if (!sound(status)) throw new Error(`accepted a broken status: ${JSON.stringify(status)}`);
        const verdict = mergeReportedStatus(storedPod(before), status, "n1", "u1");
        if (!("write" in verdict)) return;
        if (!transition(before, verdict.write.status?.phase ?? "Pending").ok) throw new Error(`phase went from ${before} to ${verdict.write.status?.phase}`);
        readAll(verdict.write);
      }),
      { numRuns: RUNS },
    );
    // The mutations leave enough reports intact that the accepting side is exercised too.
    expect(accepted).toBeGreaterThan(RUNS / 20);
  });
});
