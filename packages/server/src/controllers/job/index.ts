// The Job controller: runs pods until `completions` succeed (Kubernetes' Job).
export { jobController, reconcileJob } from "./job-controller.js";
export { planJob, type JobPlan, type JobEvent } from "./job-plan.js";
export { podForJob, jobPodName } from "./pod-template.js";
export { formatCompletedIndexes, parseCompletedIndexes } from "./completed-indexes.js";
