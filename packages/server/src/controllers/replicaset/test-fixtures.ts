// Builders for ReplicaSet and pod test cases. Test code only.
import type { Pod, PodPhase, ReplicaSet } from "@skiff/api";

export const T0 = new Date("2024-01-01T00:00:00Z");
export const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

export function replicaSet(name: string, replicas: number, extra: { minReadySeconds?: number; uid?: string } = {}): ReplicaSet {
  return {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: { name, namespace: "default", uid: extra.uid ?? `uid-${name}`, generation: 1, creationTimestamp: T0.toISOString() },
    spec: {
      replicas,
      minReadySeconds: extra.minReadySeconds ?? 0,
      selector: { matchLabels: { app: "web" } },
      template: { metadata: { labels: { app: "web", tier: "front" } }, spec: { containers: [{ name: "main", image: "web:1" }] } },
    },
  };
}

export interface PodOpts {
  owner?: ReplicaSet | null;
  labels?: Record<string, string>;
  node?: string;
  phase?: PodPhase;
  /** Seconds after T0 when it became ready. */
  readyAt?: number;
  restarts?: number;
  /** Seconds after T0 when it was created. */
  created?: number;
  deleting?: boolean;
}

export function pod(name: string, o: PodOpts = {}): Pod {
  const owner = o.owner === undefined ? undefined : o.owner;
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: "default",
      uid: `uid-${name}`,
      labels: o.labels ?? { app: "web", tier: "front" },
      creationTimestamp: at(o.created ?? 0).toISOString(),
      ...(o.deleting ? { deletionTimestamp: T0.toISOString() } : {}),
      ...(owner
        ? { ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: owner.metadata.name, uid: owner.metadata.uid ?? "", controller: true }] }
        : {}),
    },
    spec: { containers: [{ name: "main", image: "web:1" }], ...(o.node ? { nodeName: o.node } : {}) },
    status: {
      phase: o.phase ?? (o.readyAt !== undefined ? "Running" : "Pending"),
      conditions: o.readyAt !== undefined ? [{ type: "Ready", status: "True", lastTransitionTime: at(o.readyAt).toISOString() }] : [],
      containerStatuses: [{ name: "main", ready: o.readyAt !== undefined, restartCount: o.restarts ?? 0, image: "web:1", imageID: "" }],
    },
  };
}
