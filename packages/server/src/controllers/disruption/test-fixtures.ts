// Builders for disruption budget and eviction test cases. Test code only.
import type { Pod, PodDisruptionBudget, PodDisruptionBudgetSpec, PodDisruptionBudgetStatus } from "@skiff/api";

export const T0 = new Date("2024-01-01T00:00:00Z");
export const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

export function budget(spec: Partial<PodDisruptionBudgetSpec> = { minAvailable: 2 }, status?: PodDisruptionBudgetStatus, generation = 1): PodDisruptionBudget {
  return {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: { name: "web-pdb", namespace: "default", uid: "uid-pdb", generation, creationTimestamp: T0.toISOString() },
    spec: { selector: { matchLabels: { app: "web" } }, ...spec },
    ...(status ? { status } : {}),
  };
}

export interface PodOpts {
  ready?: boolean;
  phase?: Pod["status"] extends infer S ? (S extends { phase?: infer P } ? P : never) : never;
  deleting?: boolean;
  /** The controller's kind and uid (default: the ReplicaSet web-rs). */
  owner?: { kind: string; name: string; uid: string } | null;
  labels?: Record<string, string>;
}

export function pod(name: string, o: PodOpts = {}): Pod {
  const owner = o.owner === undefined ? { kind: "ReplicaSet", name: "web-rs", uid: "uid-rs" } : o.owner;
  const ready = o.ready ?? true;
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: "default",
      uid: `uid-${name}`,
      resourceVersion: "7",
      labels: o.labels ?? { app: "web" },
      ...(owner ? { ownerReferences: [{ apiVersion: "apps/v1", ...owner, controller: true }] } : {}),
      ...(o.deleting ? { deletionTimestamp: T0.toISOString() } : {}),
    },
    spec: { containers: [{ name: "web", image: "nginx" }], nodeName: "n1" },
    status: {
      phase: o.phase ?? "Running",
      conditions: [{ type: "Ready", status: ready ? "True" : "False", lastTransitionTime: T0.toISOString() }],
    },
  };
}

/** A status as the controller would have written it. */
export function counted(disruptionsAllowed: number, currentHealthy: number, desiredHealthy: number, expectedPods = currentHealthy, extra: Partial<PodDisruptionBudgetStatus> = {}): PodDisruptionBudgetStatus {
  return { observedGeneration: 1, disruptionsAllowed, currentHealthy, desiredHealthy, expectedPods, ...extra };
}
