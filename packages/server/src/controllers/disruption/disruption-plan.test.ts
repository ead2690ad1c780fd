import { describe, expect, it } from "vitest";
import type { Pod } from "@skiff/api";
import { planDisruption, DELETION_TIMEOUT_MS } from "./disruption-plan.js";
import { expectedPods, type ScaleLookup } from "./expected-pods.js";
import { T0, at, budget, pod } from "./test-fixtures.js";

const three = () => [pod("web-a"), pod("web-b"), pod("web-c")];
/** The ReplicaSet web-rs belongs to a Deployment of `replicas`. */
const deploymentOf = (replicas: number): ScaleLookup => (ref) => (ref.uid === "uid-rs" ? { uid: "uid-deploy", replicas } : undefined);
const plan = (spec: Parameters<typeof budget>[0], pods: Pod[], lookup: ScaleLookup = deploymentOf(pods.length), now = T0, status?: Parameters<typeof budget>[1]) =>
  planDisruption({ pdb: budget(spec, status), pods, expected: () => expectedPods(pods, lookup), now });

describe("disruption plan: the budget's counts", () => {
  it.each([
    // [case, spec, pods, replicas, expected {allowed, healthy, desired, expected}]
    ["minAvailable equal to the replicas allows nothing", { minAvailable: 3 }, three(), 3, [0, 3, 3, 3]],
    ["minAvailable below the replicas allows the difference", { minAvailable: 2 }, three(), 3, [1, 3, 2, 3]],
    ["an int minAvailable expects the pods there are, not the replicas", { minAvailable: 2 }, three(), 5, [1, 3, 2, 3]],
    ["a percentage minAvailable is of the controllers' replicas, rounded up", { minAvailable: "50%" }, three(), 5, [0, 3, 3, 5]],
    ["maxUnavailable 1 of 3", { maxUnavailable: 1 }, three(), 3, [1, 3, 2, 3]],
    ["maxUnavailable counts missing replicas as unavailable", { maxUnavailable: 1 }, three(), 4, [0, 3, 3, 4]],
    ["maxUnavailable as a percentage rounds up (34% of 3 is 2)", { maxUnavailable: "34%" }, three(), 3, [2, 3, 1, 3]],
    ["maxUnavailable 0 allows nothing", { maxUnavailable: 0 }, three(), 3, [0, 3, 3, 3]],
    ["maxUnavailable 100% of 3", { maxUnavailable: "100%" }, three(), 3, [3, 3, 0, 3]],
    ["no pods: nothing allowed", { maxUnavailable: 1 }, [], 0, [0, 0, 0, 0]],
    ["a not-ready pod is not healthy", { minAvailable: 2 }, [pod("web-a"), pod("web-b", { ready: false }), pod("web-c")], 3, [0, 2, 2, 3]],
    ["a pod being deleted is not healthy", { minAvailable: 2 }, [pod("web-a"), pod("web-b", { deleting: true }), pod("web-c")], 3, [0, 2, 2, 3]],
    ["a finished pod is not healthy", { minAvailable: 1 }, [pod("web-a", { phase: "Succeeded", ready: false }), pod("web-b")], 2, [0, 1, 1, 2]],
  ] as const)("%s", (_, spec, pods, replicas, [allowed, healthy, desired, expected]) => {
    const { status } = plan(spec, [...pods], deploymentOf(replicas));
    expect([status.disruptionsAllowed, status.currentHealthy, status.desiredHealthy, status.expectedPods]).toEqual([allowed, healthy, desired, expected]);
    expect(status.observedGeneration).toBe(1);
  });

  it("sums the scales of several controllers, each once", () => {
    const pods = [pod("web-a"), pod("web-b"), pod("db-0", { owner: { kind: "StatefulSet", name: "db", uid: "uid-db" } })];
    const lookup: ScaleLookup = (ref) => (ref.uid === "uid-rs" ? { uid: "uid-deploy", replicas: 2 } : { uid: "uid-db", replicas: 3 });
    expect(plan({ maxUnavailable: 1 }, pods, lookup).status).toMatchObject({ expectedPods: 5, desiredHealthy: 4, currentHealthy: 3, disruptionsAllowed: 0 });
  });

  it("says DisruptionAllowed True (SufficientPods) when one is allowed, False (InsufficientPods) when not", () => {
    expect(plan({ minAvailable: 2 }, three()).status.conditions).toEqual([
      { type: "DisruptionAllowed", status: "True", reason: "SufficientPods", message: "", observedGeneration: 1, lastTransitionTime: T0.toISOString() },
    ]);
    expect(plan({ minAvailable: 3 }, three()).status.conditions?.[0]).toMatchObject({ status: "False", reason: "InsufficientPods" });
  });

  it("keeps the condition's transition time while its status stays", () => {
    const first = plan({ minAvailable: 2 }, three()).status;
    const again = plan({ minAvailable: 2 }, three(), deploymentOf(3), at(60), first).status;
    expect(again.conditions?.[0]?.lastTransitionTime).toBe(T0.toISOString());
    const flipped = plan({ minAvailable: 3 }, three(), deploymentOf(3), at(60), first).status;
    expect(flipped.conditions?.[0]?.lastTransitionTime).toBe(at(60).toISOString());
  });
});

describe("disruption plan: pods an eviction was granted for", () => {
  const granted = (name: string, when: Date) => ({ observedGeneration: 1, disruptionsAllowed: 0, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3, disruptedPods: { [name]: when.toISOString() } });

  it("does not count a granted pod as healthy until it goes, and looks again when the grant runs out", () => {
    const out = plan({ minAvailable: 2 }, three(), deploymentOf(3), at(30), granted("web-a", T0));
    expect(out.status).toMatchObject({ currentHealthy: 2, disruptionsAllowed: 0, disruptedPods: { "web-a": T0.toISOString() } });
    expect(out.recheckAfterMs).toBe(DELETION_TIMEOUT_MS - 30_000);
  });

  it("drops the grant once the pod is being deleted (it is counted as deleting)", () => {
    const pods = [pod("web-a", { deleting: true }), pod("web-b"), pod("web-c")];
    const out = plan({ minAvailable: 2 }, pods, deploymentOf(3), at(1), granted("web-a", T0));
    expect(out.status.disruptedPods).toBeUndefined();
    expect(out.status.currentHealthy).toBe(2);
    expect(out.recheckAfterMs).toBeUndefined();
  });

  it("drops a grant whose delete never came after two minutes, counting the pod again", () => {
    const out = plan({ minAvailable: 2 }, three(), deploymentOf(3), new Date(T0.getTime() + DELETION_TIMEOUT_MS + 1), granted("web-a", T0));
    expect(out.status).toMatchObject({ currentHealthy: 3, disruptionsAllowed: 1 });
    expect(out.status.disruptedPods).toBeUndefined();
  });

  it("drops the grant of a pod that is gone", () => {
    const out = plan({ minAvailable: 1 }, [pod("web-b"), pod("web-c")], deploymentOf(3), at(1), granted("web-a", T0));
    expect(out.status.disruptedPods).toBeUndefined();
  });
});

describe("disruption plan: failing safe", () => {
  it.each([
    ["a pod without a controller", [pod("web-a", { owner: null })], deploymentOf(1), 'found no controller ref for pod "web-a"'],
    ["a controller skiff cannot scale", [pod("web-a", { owner: { kind: "DaemonSet", name: "logs", uid: "uid-ds" } })], deploymentOf(1), 'found no controllers for pod "web-a"'],
  ] as const)("allows nothing for %s when the budget needs the controllers' scale", (_, pods, lookup, message) => {
    const { status } = plan({ maxUnavailable: 1 }, [...pods], lookup);
    expect(status.disruptionsAllowed).toBe(0);
    expect(status.conditions?.[0]).toMatchObject({ type: "DisruptionAllowed", status: "False", reason: "SyncFailed", message });
    // The generation is not observed, so evictions wait (429) rather than trust an old count.
    expect(status.observedGeneration).toBeUndefined();
  });

  it("counts pods without a controller for an integer minAvailable (no scale needed)", () => {
    const pods = [pod("web-a", { owner: null }), pod("web-b", { owner: null })];
    expect(plan({ minAvailable: 1 }, pods, () => undefined).status).toMatchObject({ disruptionsAllowed: 1, expectedPods: 2 });
  });
});
