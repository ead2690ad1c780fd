// kubectl 1.32's tables for Jobs and CronJobs (printers.go printJob, printCronJob); the cell
// rules are @skiff/api's.
import {
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
  age,
  type CronJob,
  type Job,
} from "@skiff/api";
import { AGE, CONTAINERS, IMAGES, NAME, column, type Printer } from "./table-columns.js";

const job: Printer = {
  columns: [
    NAME,
    column("Status", "string", "Status of the job."),
    column("Completions", "string", "The completion status of the job."),
    column("Duration", "string", "Time required to complete the job."),
    AGE,
    CONTAINERS,
    IMAGES,
    column("Selector", "string", "A label query over pods that should match the pod count. Normally, the system sets this field for you. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors", { wide: true }),
  ],
  cells: (o, now) => {
    const j = o as Job;
    return [
      j.metadata.name,
      jobStatus(j),
      jobCompletions(j),
      jobDuration(j, now),
      age(j.metadata.creationTimestamp, now),
      containerNames(j.spec?.template),
      containerImages(j.spec?.template),
      formatLabelSelector(j.spec?.selector),
    ];
  },
};

const cronJob: Printer = {
  columns: [
    NAME,
    column("Schedule", "string", "The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron."),
    column("Timezone", "string", "The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones. If not specified, this will default to the time zone of the kube-controller-manager process."),
    column("Suspend", "boolean", "This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.  Defaults to false."),
    column("Active", "integer", "A list of pointers to currently running jobs."),
    column("Last Schedule", "string", "Information when was the last time the job was successfully scheduled."),
    AGE,
    CONTAINERS,
    IMAGES,
    column("Selector", "string", "A label query over pods that should match the pod count. Normally, the system sets this field for you. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors", { wide: true }),
  ],
  cells: (o, now) => {
    const c = o as CronJob;
    const template = c.spec?.jobTemplate?.spec?.template;
    return [
      c.metadata.name,
      c.spec?.schedule ?? "",
      cronJobTimeZone(c),
      cronJobSuspend(c),
      cronJobActive(c),
      cronJobLastSchedule(c, now),
      age(c.metadata.creationTimestamp, now),
      containerNames(template),
      containerImages(template),
      formatLabelSelector(c.spec?.jobTemplate?.spec?.selector),
    ];
  },
};

export const batchPrinters: Record<string, Printer> = { Job: job, CronJob: cronJob };
