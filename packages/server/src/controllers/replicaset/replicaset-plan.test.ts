import { describe, expect, it } from "vitest";
import { planReplicaSet } from "./replicaset-plan.js";
import { at, pod, replicaSet } from "./test-fixtures.js";

const rs = replicaSet("web", 3);
const ready = (name: string, extra = {}) => pod(name, { owner: rs, node: "n1", readyAt: 0, ...extra });

describe("planReplicaSet", () => {
  const cases = [
    { name: "creates missing replicas", pods: [ready("a")], create: 2, deleted: [] as string[] },
    { name: "does nothing when converged", pods: [ready("a"), ready("b"), ready("c")], create: 0, deleted: [] },
    { name: "deletes the surplus", pods: [ready("a"), ready("b"), ready("c"), ready("d", { created: 5 })], create: 0, deleted: ["d"] },
    {
      name: "a Failed pod is deleted and replaced",
      pods: [ready("a"), ready("b"), ready("c", { phase: "Failed" })],
      create: 1,
      deleted: ["c"],
    },
    { name: "a pod being deleted does not count", pods: [ready("a"), ready("b"), ready("c", { deleting: true })], create: 1, deleted: [] },
    { name: "a Succeeded pod does not count", pods: [ready("a"), ready("b"), ready("c", { phase: "Succeeded" })], create: 1, deleted: ["c"] },
    { name: "ignores pods of other owners", pods: [ready("a"), pod("x", { owner: replicaSet("other", 1) })], create: 2, deleted: [] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const plan = planReplicaSet(rs, c.pods, at(100));
      expect(plan.create).toBe(c.create);
      expect(plan.delete.map((p) => p.metadata.name)).toEqual(c.deleted);
    });
  }

  it("a Terminating pod is left out of status.replicas and readyReplicas, as Kubernetes' FilterActivePods does", () => {
    const plan = planReplicaSet(rs, [ready("a"), ready("b"), ready("c", { deleting: true })], at(100));
    // The replacement being made counts; the pod still stopping does not.
    expect(plan.status).toMatchObject({ replicas: 3, readyReplicas: 2 });
  });

  it("scaling down past a Terminating pod deletes only what the active pods exceed", () => {
    const two = replicaSet("web", 2);
    const pods = ["a", "b", "c"].map((n) => pod(n, { owner: two, node: "n1", readyAt: 0 }));
    const terminating = pod("d", { owner: two, node: "n1", readyAt: 0, deleting: true });
    const plan = planReplicaSet(two, [...pods, terminating], at(100));
    expect(plan.delete.map((p) => p.metadata.name)).toHaveLength(1);
    expect(plan.delete.map((p) => p.metadata.name)).not.toContain("d");
  });

  it("adopts a matching orphan and counts it", () => {
    const plan = planReplicaSet(rs, [ready("a"), ready("b"), pod("orphan", { node: "n1", readyAt: 0 })], at(100));
    expect(plan.adopt.map((p) => p.metadata.name)).toEqual(["orphan"]);
    expect(plan.adopt[0]?.metadata.ownerReferences?.[0]).toMatchObject({ kind: "ReplicaSet", name: "web", uid: "uid-web", controller: true });
    expect(plan.create).toBe(0);
  });

  it("releases a pod whose labels no longer match, and replaces it", () => {
    const plan = planReplicaSet(rs, [ready("a"), ready("b"), ready("c", { labels: { app: "debug" } })], at(100));
    expect(plan.release.map((p) => p.metadata.name)).toEqual(["c"]);
    expect(plan.release[0]?.metadata.ownerReferences).toBeUndefined();
    expect(plan.create).toBe(1);
  });

  it("does not adopt when the ReplicaSet is being deleted, nor create", () => {
    const dying = { ...rs, metadata: { ...rs.metadata, deletionTimestamp: at(0).toISOString() } };
    const plan = planReplicaSet(dying, [pod("orphan")], at(1));
    expect(plan.adopt).toEqual([]);
    expect(plan.create).toBe(0);
  });

  it("status: replicas, fully labeled, ready, available after minReadySeconds, observedGeneration", () => {
    const slow = replicaSet("web", 4, { minReadySeconds: 10 });
    const pods = [
      pod("a", { owner: slow, readyAt: 0 }),
      pod("b", { owner: slow, readyAt: 95 }),
      pod("c", { owner: slow, labels: { app: "web" } }),
    ];
    const plan = planReplicaSet(slow, pods, at(100));
    expect(plan.create).toBe(1);
    expect(plan.status).toEqual({ replicas: 4, fullyLabeledReplicas: 3, readyReplicas: 2, availableReplicas: 1, observedGeneration: 1 });
    // b turns available at 105 s: look again then.
    expect(plan.requeueAfterMs).toBe(5_000);
  });

  it("writes no status when it would not change", () => {
    const status = { replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 };
    const plan = planReplicaSet({ ...rs, status }, [ready("a"), ready("b"), ready("c")], at(100));
    expect(plan.status).toBeUndefined();
  });

  it("status after a scale down does not count the pods being deleted", () => {
    const plan = planReplicaSet(replicaSet("web", 1), [ready("a"), ready("b", { created: 1 })].map((p) => ({ ...p, metadata: { ...p.metadata, ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "web", uid: "uid-web", controller: true }] } })), at(100));
    expect(plan.delete.map((p) => p.metadata.name)).toEqual(["b"]);
    expect(plan.status).toMatchObject({ replicas: 1, readyReplicas: 1, availableReplicas: 1 });
  });
});
