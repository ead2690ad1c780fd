// Objects for the describe tests, shaped as the server stores them.
import type { Node, Pod } from "@skiff/api";

export const NOW = Date.parse("2024-05-01T12:00:00Z");

export const POD: Pod = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: {
    name: "web-7d4b9",
    namespace: "default",
    uid: "u1",
    creationTimestamp: "2024-05-01T11:50:00Z",
    labels: { app: "web" },
    annotations: { "skiff.dev/scheduling": JSON.stringify({ node: "n2", scores: [["n2", 310], ["n1", 240]], filtered: [["n3", "NodeResourcesFit: Insufficient cpu"]] }) },
    ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "web-7d4b9", uid: "rs", controller: true }],
  },
  spec: {
    nodeName: "n2",
    containers: [
      {
        name: "web",
        image: "nginx:1.25",
        command: ["nginx"],
        args: ["-g", "daemon off;"],
        ports: [{ containerPort: 80, hostPort: 8080 }],
        env: [
          { name: "MODE", value: "prod" },
          { name: "PASSWORD", valueFrom: { secretKeyRef: { name: "db", key: "password" } } },
          { name: "NODE", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } },
        ],
        resources: { limits: { cpu: "500m", memory: "128Mi" }, requests: { cpu: "250m", memory: "64Mi" } },
      },
    ],
  },
  status: {
    phase: "Running",
    hostIP: "10.0.0.2",
    podIP: "10.1.0.5",
    startTime: "2024-05-01T11:50:01Z",
    conditions: [
      { type: "PodScheduled", status: "True" },
      { type: "Ready", status: "True" },
    ],
    containerStatuses: [
      {
        name: "web",
        ready: true,
        restartCount: 1,
        image: "nginx:1.25",
        imageID: "docker-pullable://nginx@sha256:abc",
        containerID: "docker://0123abcd",
        state: { running: { startedAt: "2024-05-01T11:55:00Z" } },
        lastState: { terminated: { exitCode: 137, reason: "OOMKilled", startedAt: "2024-05-01T11:50:02Z", finishedAt: "2024-05-01T11:54:59Z" } },
      },
    ],
  },
};

export const UNSCHEDULABLE: Pod = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: {
    name: "big",
    namespace: "default",
    creationTimestamp: "2024-05-01T11:59:00Z",
    annotations: {
      "skiff.dev/scheduling": JSON.stringify({
        scores: [],
        filtered: [
          ["n1", "NodeResourcesFit: Insufficient cpu"],
          ["n2", "NodeResourcesFit: Insufficient cpu"],
          ["n3", "NodeAffinity: node(s) didn't match node selector"],
        ],
        omitted: 2,
      }),
    },
  },
  spec: { containers: [{ name: "app", image: "busybox", resources: { requests: { cpu: "64" } } }] },
  status: {
    phase: "Pending",
    conditions: [
      {
        type: "PodScheduled",
        status: "False",
        reason: "Unschedulable",
        message: "0/3 nodes are available: 2 Insufficient cpu, 1 node(s) didn't match node selector.",
      },
    ],
  },
};

export const NODE: Node = {
  apiVersion: "v1",
  kind: "Node",
  metadata: { name: "n1", creationTimestamp: "2024-05-01T10:00:00Z", labels: { "kubernetes.io/hostname": "n1" } },
  spec: { unschedulable: true, taints: [{ key: "dedicated", value: "db", effect: "NoSchedule" }] },
  status: {
    capacity: { cpu: "2", memory: "4Gi", pods: "110" },
    allocatable: { cpu: "2", memory: "4Gi", pods: "110" },
    conditions: [
      {
        type: "Ready",
        status: "True",
        reason: "AgentReady",
        message: "skiff agent is posting ready status",
        lastHeartbeatTime: "2024-05-01T11:59:58Z",
        lastTransitionTime: "2024-05-01T10:00:00Z",
      },
    ],
    addresses: [
      { type: "InternalIP", address: "10.0.0.1" },
      { type: "Hostname", address: "n1" },
    ],
    nodeInfo: { kubeletVersion: "skiff-agent/0.1.0", containerRuntimeVersion: "docker://27.3.1", operatingSystem: "linux", architecture: "amd64" },
  },
};

function boundPod(name: string, namespace: string, resources: { requests?: Record<string, string>; limits?: Record<string, string> }, phase: "Running" | "Succeeded" = "Running"): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace, creationTimestamp: "2024-05-01T11:55:00Z" },
    spec: { nodeName: "n1", containers: [{ name: "c", image: "x", resources }] },
    status: { phase },
  };
}

export const NODE_PODS: Pod[] = [
  boundPod("web-1", "default", { requests: { cpu: "250m", memory: "64Mi" }, limits: { cpu: "500m", memory: "128Mi" } }),
  boundPod("db-0", "data", { requests: { cpu: "1", memory: "1Gi" } }),
  boundPod("job-x", "default", { requests: { cpu: "1" } }, "Succeeded"),
];
