// Small builders for scheduler tests: a Node and a Pod with only what a case cares about.
// Test code only (not exported from index.ts).
import type { Container, ContainerPort, Node, Pod, Taint, Toleration } from "@skiff/api";
import { nodeInfo } from "./node-info.js";
import type { NodeInfo } from "./types.js";

export interface NodeSpecForTest {
  cpu?: string;
  memory?: string;
  pods?: number;
  ready?: boolean;
  unschedulable?: boolean;
  labels?: Record<string, string>;
  taints?: Taint[];
}

export function makeNode(name: string, o: NodeSpecForTest = {}): Node {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels: { "kubernetes.io/hostname": name, ...o.labels } },
    spec: { ...(o.unschedulable ? { unschedulable: true } : {}), ...(o.taints ? { taints: o.taints } : {}) },
    status: {
      allocatable: { cpu: o.cpu ?? "4", memory: o.memory ?? "8Gi", pods: String(o.pods ?? 110) },
      conditions: [{ type: "Ready", status: o.ready === false ? "False" : "True" }],
    },
  };
}

export interface PodSpecForTest {
  cpu?: string;
  memory?: string;
  nodeName?: string;
  owner?: string;
  labels?: Record<string, string>;
  nodeSelector?: Record<string, string>;
  tolerations?: Toleration[];
  ports?: ContainerPort[];
  phase?: "Pending" | "Running" | "Succeeded" | "Failed";
  /** Extra containers after the first. */
  more?: Container[];
}

export function makePod(name: string, o: PodSpecForTest = {}): Pod {
  const requests = { ...(o.cpu ? { cpu: o.cpu } : {}), ...(o.memory ? { memory: o.memory } : {}) };
  const container: Container = {
    name: "main",
    image: "nginx",
    ...(Object.keys(requests).length ? { resources: { requests } } : {}),
    ...(o.ports ? { ports: o.ports } : {}),
  };
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: "default",
      uid: `uid-${name}`,
      ...(o.labels ? { labels: o.labels } : {}),
      ...(o.owner ? { ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: o.owner, uid: o.owner, controller: true }] } : {}),
    },
    spec: {
      containers: [container, ...(o.more ?? [])],
      ...(o.nodeName ? { nodeName: o.nodeName } : {}),
      ...(o.nodeSelector ? { nodeSelector: o.nodeSelector } : {}),
      ...(o.tolerations ? { tolerations: o.tolerations } : {}),
    },
    status: { phase: o.phase ?? "Pending" },
  };
}

/** A NodeInfo for `node` with `pods` placed on it. */
export function info(node: Node, ...pods: Pod[]): NodeInfo {
  return nodeInfo(node, pods);
}
