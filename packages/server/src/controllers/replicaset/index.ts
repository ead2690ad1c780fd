// The ReplicaSet controller: keeps `spec.replicas` pods matching `spec.selector`.
export { replicaSetController, reconcileReplicaSet } from "./replicaset-controller.js";
export { planReplicaSet, BURST_REPLICAS, type ReplicaSetPlan } from "./replicaset-plan.js";
export { deletionOrder, podsToDelete } from "./pod-ranking.js";
export { isActive, isReady, isAvailable } from "./pod-state.js";
export { claim, type Claim } from "./claim.js";
