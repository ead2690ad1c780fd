// The CronJob controller: makes Jobs on a schedule (Kubernetes' CronJob).
export { cronJobController, reconcileCronJob } from "./cronjob-controller.js";
export { planCronJob, finishedAs, type CronJobPlan, type CronJobOptions, type CronJobEvent } from "./cronjob-plan.js";
export { mostRecentScheduleTime, jobNameFor, MAX_MISSED } from "./schedule-times.js";
export { jobForSchedule } from "./job-template.js";
