// The StatefulSet controller: ordered pods with stable names, hostnames and storage.
export { statefulSetController, reconcileStatefulSet } from "./controller.js";
export { planStatefulSet } from "./statefulset-plan.js";
export type { PlanInput, StatefulSetAction, StatefulSetPlan, DeleteReason } from "./statefulset-plan.js";
export { CURRENT_TEMPLATE_ANNOTATION, POD_NAME_LABEL, REVISION_LABEL, revisionName } from "./revision.js";
export { claimName, podName } from "./identity.js";
export { replicaClaims } from "./claims.js";
