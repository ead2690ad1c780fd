// kubectl 1.32's tables for pods and the controllers that own them (printers.go printPod,
// printDeployment, printReplicaSet, printStatefulSet); the cell rules are @skiff/api's.
import {
  age,
  containerImages,
  containerNames,
  desiredReplicas,
  formatLabelSelector,
  NONE,
  podIP,
  podReady,
  podRestarts,
  podStatus,
  replicasReady,
  selectorString,
  type ApiObject,
  type Deployment,
  type Pod,
  type ReplicaSet,
  type StatefulSet,
} from "@skiff/api";
import { AGE, CONTAINERS, IMAGES, NAME, column, type Printer, type TableRowCondition } from "./table-columns.js";

/** Fields of Kubernetes' Pod that skiff does not model, printed when present. */
interface PodExtras {
  spec?: { readinessGates?: { conditionType: string }[] };
  status?: { nominatedNodeName?: string };
}

/** READINESS GATES: `1/2` of the gates' conditions True, <none> without gates. */
function readinessGates(pod: Pod): string {
  const gates = (pod as Pod & PodExtras).spec?.readinessGates ?? [];
  if (gates.length === 0) return NONE;
  const isTrue = (type: string) => pod.status?.conditions?.find((c) => c.type === type)?.status === "True";
  return `${gates.filter((g) => isTrue(g.conditionType)).length}/${gates.length}`;
}

const pod: Printer = {
  columns: [
    NAME,
    column("Ready", "string", "The aggregate readiness state of this pod for accepting traffic."),
    column("Status", "string", "The aggregate status of the containers in this pod."),
    column("Restarts", "string", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
    AGE,
    column("IP", "string", "IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.", { wide: true }),
    column("Node", "string", "NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName.", { wide: true }),
    column("Nominated Node", "string", "nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods.", { wide: true }),
    column("Readiness Gates", "string", "If specified, all readiness gates will be evaluated for pod readiness. A pod is ready when all its containers are ready AND all conditions specified in the readiness gates have status equal to \"True\"", { wide: true }),
  ],
  cells: (o, now) => {
    const p = o as Pod;
    return [
      p.metadata.name,
      podReady(p),
      podStatus(p),
      podRestarts(p, now),
      age(p.metadata.creationTimestamp, now),
      podIP(p),
      p.spec?.nodeName || NONE,
      (p as Pod & PodExtras).status?.nominatedNodeName || NONE,
      readinessGates(p),
    ];
  },
  conditions: (o): TableRowCondition[] | undefined => {
    const phase = (o as Pod).status?.phase;
    if (phase === "Succeeded") return [{ type: "Completed", status: "True", reason: "Succeeded", message: "The pod has completed successfully." }];
    if (phase === "Failed") return [{ type: "Completed", status: "True", reason: "Failed", message: "The pod failed." }];
    return undefined;
  },
};

const template = (o: ApiObject) => (o as Deployment).spec?.template;

// Up-to-date and Available are declared "string" though their cells are integers, as in Kubernetes.
const deployment: Printer = {
  columns: [
    NAME,
    column("Ready", "string", "Number of the pod with ready state"),
    column("Up-to-date", "string", "Total number of non-terminated pods targeted by this deployment that have the desired template spec."),
    column("Available", "string", "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."),
    AGE,
    CONTAINERS,
    IMAGES,
    column("Selector", "string", "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.", { wide: true }),
  ],
  cells: (o, now) => {
    const d = o as Deployment;
    return [
      d.metadata.name,
      replicasReady(d),
      d.status?.updatedReplicas ?? 0,
      d.status?.availableReplicas ?? 0,
      age(d.metadata.creationTimestamp, now),
      containerNames(template(d)),
      containerImages(template(d)),
      selectorString(d.spec?.selector),
    ];
  },
};

const replicaSet: Printer = {
  columns: [
    NAME,
    column("Desired", "integer", "Replicas is the number of desired replicas. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1."),
    column("Current", "integer", "Replicas is the most recently observed number of replicas."),
    column("Ready", "integer", "The number of ready replicas for this replica set."),
    AGE,
    CONTAINERS,
    IMAGES,
    column("Selector", "string", "Selector is a label query over pods that should match the replica count.", { wide: true }),
  ],
  cells: (o, now) => {
    const r = o as ReplicaSet;
    return [
      r.metadata.name,
      desiredReplicas(r),
      r.status?.replicas ?? 0,
      r.status?.readyReplicas ?? 0,
      age(r.metadata.creationTimestamp, now),
      containerNames(template(r)),
      containerImages(template(r)),
      formatLabelSelector(r.spec?.selector),
    ];
  },
};

const statefulSet: Printer = {
  columns: [NAME, column("Ready", "string", "Number of the pod with ready state"), AGE, CONTAINERS, IMAGES],
  cells: (o, now) => {
    const s = o as StatefulSet;
    return [s.metadata.name, replicasReady(s), age(s.metadata.creationTimestamp, now), containerNames(template(s)), containerImages(template(s))];
  },
};

export const workloadPrinters: Record<string, Printer> = { Pod: pod, Deployment: deployment, ReplicaSet: replicaSet, StatefulSet: statefulSet };
