// The Deployment controller: rolls pods from one template to the next through ReplicaSets.
export { deploymentController, reconcileDeployment } from "./deployment-controller.js";
export { planDeployment, type DeploymentInput, type DeploymentPlan } from "./deployment-plan.js";
export { computeHash, equalIgnoringHash, POD_TEMPLATE_HASH } from "./hash.js";
export { REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS, maxSurge, maxUnavailable, revisionOf } from "./replicas.js";
export { AVAILABLE, PROGRESSING, Reason } from "./conditions.js";
