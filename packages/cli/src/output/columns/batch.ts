// Jobs and CronJobs: kubectl's columns (cells by @skiff/api's rules); -o wide adds the template's
// CONTAINERS and IMAGES and the SELECTOR.
import {
  age,
  containerImages,
  containerNames,
  cronJobActive,
  cronJobLastSchedule,
  cronJobSuspend,
  cronJobTimeZone,
  formatLabelSelector,
  jobCompletions,
  jobDuration,
  jobStatus,
  type CronJob,
  type Job,
  type JobSpec,
} from "@skiff/api";
import { NONE, type Columns } from "./types.js";

function templateColumns(spec: Partial<JobSpec> | undefined): string[] {
  return [containerNames(spec?.template) || NONE, containerImages(spec?.template) || NONE, formatLabelSelector(spec?.selector)];
}
const wideHeaders = ["CONTAINERS", "IMAGES", "SELECTOR"];

const jobs: Columns = {
  headers: ["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"],
  row: (o, now) => {
    const j = o as Job;
    return [j.metadata.name, jobStatus(j), jobCompletions(j), jobDuration(j, now), age(j.metadata.creationTimestamp, now)];
  },
  wideHeaders,
  wideRow: (o) => templateColumns((o as Job).spec),
};

const cronJobs: Columns = {
  headers: ["NAME", "SCHEDULE", "TIMEZONE", "SUSPEND", "ACTIVE", "LAST SCHEDULE", "AGE"],
  row: (o, now) => {
    const c = o as CronJob;
    return [c.metadata.name, c.spec?.schedule ?? "", cronJobTimeZone(c), cronJobSuspend(c), String(cronJobActive(c)), cronJobLastSchedule(c, now), age(c.metadata.creationTimestamp, now)];
  },
  wideHeaders,
  wideRow: (o) => templateColumns((o as CronJob).spec?.jobTemplate?.spec),
};

export const batchColumns: Record<string, Columns> = { Job: jobs, CronJob: cronJobs };
