// The DaemonSet controller: one pod per eligible node (Kubernetes' DaemonSet).
export { daemonSetController, reconcileDaemonSet } from "./daemonset-controller.js";
export { planDaemonSet, type DaemonSetPlan } from "./daemonset-plan.js";
export { eligibility, type Eligibility } from "./eligibility.js";
export { podForDaemonSet, daemonPodSpec } from "./pod-template.js";
export { templateHash } from "./revision.js";
