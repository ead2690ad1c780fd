// The Job a CronJob makes for one scheduled time (Kubernetes' getJobFromTemplate2): the
// template's labels and annotations, the scheduled time in the annotation
// batch.kubernetes.io/cronjob-scheduled-timestamp, a controller reference, and a name fixed by
// the time, so that the same run is never made twice. The controller writes it to the store
// directly (not through the API), so it also does what the API server would do to a new Job:
// uid, creation time, and the selector generated from the uid. Pure: uid and clock come in.
import { CRONJOB_SCHEDULED_TIMESTAMP_ANNOTATION, withGeneratedSelector, type CronJob, type Job } from "@skiff/api";
import { controllerRef } from "../owners.js";
import { formatInZone, jobNameFor } from "./schedule-times.js";

export function jobForSchedule(cj: CronJob, scheduled: Date, timeZone: string, uid: string, now: Date): Job {
  const meta = cj.spec.jobTemplate.metadata ?? {};
  const job: Job = {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: {
      name: jobNameFor(cj.metadata.name, scheduled),
      namespace: cj.metadata.namespace,
      ...(meta.labels ? { labels: { ...meta.labels } } : {}),
      annotations: { ...meta.annotations, [CRONJOB_SCHEDULED_TIMESTAMP_ANNOTATION]: formatInZone(scheduled, timeZone) },
      uid,
      creationTimestamp: now.toISOString(),
      generation: 1,
      ownerReferences: [controllerRef(cj)],
    },
    spec: structuredClone(cj.spec.jobTemplate.spec),
  };
  return job.spec.manualSelector === true ? job : withGeneratedSelector(job, uid);
}
