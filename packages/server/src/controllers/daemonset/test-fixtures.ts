// Builders for DaemonSet, node and daemon pod test cases. Test code only.
import { CONTROLLER_REVISION_HASH_LABEL, type DaemonSet, type DaemonSetSpec, type Node, type Pod, type PodPhase, type Taint } from "@skiff/api";
import { templateHash } from "./revision.js";

export const T0 = new Date("2024-01-01T00:00:00Z");
export const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

export function daemonSet(spec: Partial<DaemonSetSpec> = {}, image = "fluentd:1"): DaemonSet {
  return {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: { name: "logs", namespace: "default", uid: "uid-logs", generation: 1, creationTimestamp: T0.toISOString() },
    spec: {
      selector: { matchLabels: { app: "logs" } },
      template: { metadata: { labels: { app: "logs" } }, spec: { containers: [{ name: "logs", image }], restartPolicy: "Always" } },
      updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
      minReadySeconds: 0,
      revisionHistoryLimit: 10,
      ...spec,
    },
  };
}

/** The same DaemonSet with a new image (generation 2): a template change to roll out. */
export function updated(ds: DaemonSet, image = "fluentd:2"): DaemonSet {
  const next = structuredClone(ds);
  next.metadata.generation = (ds.metadata.generation ?? 1) + 1;
  next.spec.template.spec.containers[0]!.image = image;
  return next;
}

export interface NodeOpts {
  labels?: Record<string, string>;
  taints?: Taint[];
  unschedulable?: boolean;
  ready?: boolean;
}

export function node(name: string, o: NodeOpts = {}): Node {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, uid: `uid-${name}`, labels: { "kubernetes.io/hostname": name, ...o.labels } },
    spec: { ...(o.taints ? { taints: o.taints } : {}), ...(o.unschedulable ? { unschedulable: true } : {}) },
    status: { conditions: [{ type: "Ready", status: o.ready === false ? "Unknown" : "True" }] },
  } as Node;
}

export interface PodOpts {
  phase?: PodPhase;
  ready?: boolean;
  /** Seconds after T0 when it became Ready. */
  readySince?: number;
  /** Seconds after T0 when it was made. */
  created?: number;
  /** Seconds after T0 when its container stopped (Failed pods). */
  finished?: number;
  /** The DaemonSet it was made from (its template hash): the current one by default. */
  from?: DaemonSet;
  annotations?: Record<string, string>;
}

export function pod(name: string, nodeName: string, ds: DaemonSet, o: PodOpts = {}): Pod {
  const from = o.from ?? ds;
  const phase = o.phase ?? "Running";
  const ready = o.ready ?? phase === "Running";
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: "default",
      uid: `uid-${name}`,
      labels: { app: "logs", [CONTROLLER_REVISION_HASH_LABEL]: templateHash(from.spec.template) },
      ...(o.annotations ? { annotations: o.annotations } : {}),
      creationTimestamp: at(o.created ?? 0).toISOString(),
      ownerReferences: [{ apiVersion: "apps/v1", kind: "DaemonSet", name: ds.metadata.name, uid: ds.metadata.uid ?? "", controller: true }],
    },
    spec: { nodeName, containers: from.spec.template.spec.containers, restartPolicy: "Always" },
    status: {
      phase,
      conditions: ready ? [{ type: "Ready", status: "True", lastTransitionTime: at(o.readySince ?? o.created ?? 0).toISOString() }] : [],
      containerStatuses:
        phase === "Failed" ? [{ name: "logs", ready: false, restartCount: 0, image: "", imageID: "", state: { terminated: { exitCode: 1, finishedAt: at(o.finished ?? o.created ?? 0).toISOString() } } }] : [],
    },
  };
}
