// The disruption controller: keeps each PodDisruptionBudget's status (Kubernetes' disruption controller).
export { disruptionController, reconcileDisruption, scaleOf } from "./disruption-controller.js";
export { planDisruption, scaled, withAllowedCondition, DELETION_TIMEOUT_MS, DISRUPTION_ALLOWED, type DisruptionInput, type DisruptionPlan } from "./disruption-plan.js";
export { expectedPods, type ControllerScale, type ExpectedPods, type ScaleLookup } from "./expected-pods.js";
