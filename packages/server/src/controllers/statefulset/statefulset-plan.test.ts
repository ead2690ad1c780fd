import { describe, expect, it } from "vitest";
import type { Pod, StatefulSet } from "@skiff/api";
import { planStatefulSet, type StatefulSetAction } from "./statefulset-plan.js";
import { CURRENT_TEMPLATE_ANNOTATION, REVISION_LABEL, revisionName } from "./revision.js";
import { NOW, makeSet, podOf, podsOf } from "./testing.js";

/** `+web-0` for a create, `-web-2` for a delete. */
function summary(actions: StatefulSetAction[]): string[] {
  return actions.map((a) => `${a.type === "create" ? "+" : "-"}${a.pod.metadata.name}`);
}

const v1 = makeSet();
/** v1's set with a new image, still remembering v1's template as current. */
function updated(spec: Partial<StatefulSet["spec"]> = {}): StatefulSet {
  const set = makeSet(spec, "nginx:2");
  set.metadata.annotations = { [CURRENT_TEMPLATE_ANNOTATION]: JSON.stringify(v1.spec.template) };
  return set;
}
const v2 = updated();
const v2p1 = updated({ updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: 1 } } });
const onDelete = updated({ updateStrategy: { type: "OnDelete" } });
const parallel = makeSet({ podManagementPolicy: "Parallel" });

interface Case {
  name: string;
  set: StatefulSet;
  pods: Pod[];
  want: string[];
}

const cases: Case[] = [
  { name: "ordered: creates web-0 first", set: v1, pods: [], want: ["+web-0"] },
  { name: "ordered: waits while web-0 is pending", set: v1, pods: [podOf(v1, 0, "pending")], want: [] },
  { name: "ordered: waits while web-0 runs but is not Ready", set: v1, pods: [podOf(v1, 0, "running")], want: [] },
  { name: "ordered: creates web-1 once web-0 is Running and Ready", set: v1, pods: [podOf(v1, 0)], want: ["+web-1"] },
  { name: "ordered: fills a gap at web-1 before anything else", set: v1, pods: [podOf(v1, 0), podOf(v1, 2)], want: ["+web-1"] },
  { name: "parallel: creates every replica at once", set: parallel, pods: [], want: ["+web-0", "+web-1", "+web-2"] },
  { name: "parallel: creates past a pod that is not ready", set: parallel, pods: [podOf(parallel, 0, "pending")], want: ["+web-1", "+web-2"] },
  { name: "converged: does nothing", set: v1, pods: podsOf(v1, 3), want: [] },
  { name: "a failed pod is deleted, to come back with its name", set: v1, pods: [podOf(v1, 0), podOf(v1, 1, "failed"), podOf(v1, 2)], want: ["-web-1"] },
  { name: "a succeeded pod is replaced too", set: v1, pods: [podOf(v1, 0, "succeeded")], want: ["-web-0"] },
  { name: "ordered: a failed pod blocks the ones above it", set: v1, pods: [podOf(v1, 0, "failed")], want: ["-web-0"] },
  { name: "parallel: failed pods are all replaced at once", set: parallel, pods: podsOf(parallel, 3, "failed"), want: ["-web-0", "-web-1", "-web-2"] },
  { name: "ordered: waits for a terminating pod to go", set: v1, pods: [podOf(v1, 0, "terminating")], want: [] },
  // At most one pod per identity: web-1 is made again only once the terminating one is gone.
  { name: "parallel: never makes a second web-1 while the old one terminates", set: parallel, pods: [podOf(parallel, 0), podOf(parallel, 1, "terminating")], want: ["+web-2"] },
  { name: "a terminating pod of a lost node (failed as well) is neither deleted nor replaced", set: v1, pods: [podOf(v1, 0), { ...podOf(v1, 1, "failed"), metadata: { ...podOf(v1, 1).metadata, deletionTimestamp: NOW.toISOString() } }], want: [] },
  {
    name: "scale down: highest ordinal first, one at a time",
    set: makeSet({ replicas: 1 }),
    pods: podsOf(v1, 3),
    want: ["-web-2"],
  },
  {
    name: "scale down waits until the remaining replicas are Ready",
    set: makeSet({ replicas: 1 }),
    pods: [podOf(v1, 0, "running"), podOf(v1, 1), podOf(v1, 2)],
    want: [],
  },
  {
    name: "scale down of a pod that is not ready itself is not blocked by it",
    set: makeSet({ replicas: 2 }),
    pods: [podOf(v1, 0), podOf(v1, 1), podOf(v1, 2, "pending")],
    want: ["-web-2"],
  },
  { name: "parallel: scale down deletes all at once", set: makeSet({ replicas: 0, podManagementPolicy: "Parallel" }), pods: podsOf(parallel, 3), want: ["-web-2", "-web-1", "-web-0"] },
  { name: "a pod whose name has no ordinal is deleted", set: v1, pods: [...podsOf(v1, 3), { ...podOf(v1, 0), metadata: { ...podOf(v1, 0).metadata, name: "web-x" } }], want: ["-web-x"] },
  { name: "rolling update: starts at the highest ordinal", set: v2, pods: podsOf(v2, 3, "ready", v1), want: ["-web-2"] },
  { name: "rolling update: recreates the deleted pod from the new template", set: v2, pods: podsOf(v2, 2, "ready", v1), want: ["+web-2"] },
  { name: "rolling update: waits for the updated pod to be Ready", set: v2, pods: [...podsOf(v2, 2, "ready", v1), podOf(v2, 2, "running")], want: [] },
  { name: "rolling update: then the next one down", set: v2, pods: [...podsOf(v2, 2, "ready", v1), podOf(v2, 2)], want: ["-web-1"] },
  { name: "rolling update: partition 1 stops above web-0", set: v2p1, pods: [podOf(v2p1, 0, "ready", v1), podOf(v2p1, 1), podOf(v2p1, 2)], want: [] },
  { name: "rolling update: partition 1 updates web-1", set: v2p1, pods: [podOf(v2p1, 0, "ready", v1), podOf(v2p1, 1, "ready", v1), podOf(v2p1, 2)], want: ["-web-1"] },
  { name: "OnDelete: leaves old pods alone", set: onDelete, pods: podsOf(onDelete, 3, "ready", v1), want: [] },
];

describe("planStatefulSet", () => {
  it.each(cases)("$name", ({ set, pods, want }) => {
    expect(summary(planStatefulSet({ set, pods, now: NOW }).actions)).toEqual(want);
  });

  it("makes pods with a stable name, hostname, subdomain, labels and owner", () => {
    const [action] = planStatefulSet({ set: v1, pods: [], now: NOW }).actions;
    expect(action?.type).toBe("create");
    expect(action?.pod).toMatchObject({
      metadata: {
        name: "web-0",
        namespace: "default",
        labels: { app: "web", "statefulset.kubernetes.io/pod-name": "web-0", [REVISION_LABEL]: revisionName(v1, v1.spec.template) },
        ownerReferences: [{ kind: "StatefulSet", name: "web", uid: "uid-web", controller: true }],
      },
      spec: { hostname: "web-0", subdomain: "web" },
    });
  });

  it("gives each replica its own volume per claim template", () => {
    const set = makeSet({ volumeClaimTemplates: [{ metadata: { name: "data" }, spec: {} }] });
    const pods = planStatefulSet({ set: { ...set, spec: { ...set.spec, podManagementPolicy: "Parallel" } }, pods: [], now: NOW }).actions.map((a) => a.pod);
    expect(pods.map((p) => p.spec.volumes)).toEqual([0, 1, 2].map((i) => [{ name: "data", persistentVolumeClaim: { claimName: `data-web-${i}` } }]));
  });

  it("recreates a pod below the partition from the current (old) template", () => {
    const pods = [podOf(v2p1, 1), podOf(v2p1, 2)];
    const [action] = planStatefulSet({ set: v2p1, pods, now: NOW }).actions;
    expect(action?.pod.spec.containers[0]?.image).toBe("nginx:1");
    expect(action?.pod.metadata.labels?.[REVISION_LABEL]).toBe(revisionName(v1, v1.spec.template));
  });

  it("OnDelete: a deleted pod comes back at the update revision", () => {
    const [action] = planStatefulSet({ set: onDelete, pods: podsOf(onDelete, 2, "ready", v1), now: NOW }).actions;
    expect(action?.pod.spec.containers[0]?.image).toBe("nginx:2");
  });

  it("minReadySeconds: waits until the last pod has been Ready that long, and says when to look again", () => {
    const set = makeSet({ minReadySeconds: 10 });
    const plan = planStatefulSet({ set, pods: [podOf(set, 0, "ready", set, new Date(NOW.getTime() - 4000).toISOString())], now: NOW });
    expect(plan.actions).toEqual([]);
    expect(plan.requeueAfterMs).toBe(6000);
  });
});
