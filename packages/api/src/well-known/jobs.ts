// The labels and annotations of Jobs, their pods and CronJobs (Kubernetes' names, so kubectl and
// client libraries read them), and the selector the server generates for a Job.
import type { Job } from "../types.js";

/** On a Job's pods and in its generated selector: the Job's uid, so only its own pods match. */
export const JOB_CONTROLLER_UID_LABEL = "batch.kubernetes.io/controller-uid";
/** On a Job's pods: the Job's name (friendlier than the uid). */
export const JOB_NAME_LABEL = "batch.kubernetes.io/job-name";
/** The labels Kubernetes wrote before 1.27, which it still writes beside the new ones. */
export const LEGACY_JOB_CONTROLLER_UID_LABEL = "controller-uid";
export const LEGACY_JOB_NAME_LABEL = "job-name";
/** On an Indexed Job's pods (annotation and label): the pod's completion index. */
export const JOB_COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";
/** The environment variable an Indexed Job's containers read their index from. */
export const JOB_COMPLETION_INDEX_ENV = "JOB_COMPLETION_INDEX";
/** On a Job a CronJob made: the scheduled time it runs for (RFC 3339). */
export const CRONJOB_SCHEDULED_TIMESTAMP_ANNOTATION = "batch.kubernetes.io/cronjob-scheduled-timestamp";
/** On a Job made by hand from a CronJob (`create job --from=cronjob/NAME`): `manual`. */
export const CRONJOB_INSTANTIATE_ANNOTATION = "cronjob.kubernetes.io/instantiate";

/** A pod's completion index, if it carries a valid one. */
export function completionIndexOf(pod: { metadata: { annotations?: Record<string, string>; labels?: Record<string, string> } }): number | undefined {
  const raw = pod.metadata.annotations?.[JOB_COMPLETION_INDEX] ?? pod.metadata.labels?.[JOB_COMPLETION_INDEX];
  if (raw === undefined || !/^\d+$/.test(raw)) return undefined;
  return Number(raw);
}

/** The selector the server gives a Job without manualSelector: its uid. */
export function generatedJobSelector(uid: string): { matchLabels: Record<string, string> } {
  return { matchLabels: { [JOB_CONTROLLER_UID_LABEL]: uid } };
}

/**
 * The Job with Kubernetes' generated selector and template labels (its strategy's
 * generateSelector): labels the user set are kept, the selector selects the uid.
 */
export function withGeneratedSelector(job: Job, uid: string): Job {
  const labels = { ...job.spec.template.metadata?.labels };
  for (const key of [LEGACY_JOB_NAME_LABEL, JOB_NAME_LABEL]) labels[key] ??= job.metadata.name;
  for (const key of [LEGACY_JOB_CONTROLLER_UID_LABEL, JOB_CONTROLLER_UID_LABEL]) labels[key] ??= uid;
  const selector = job.spec.selector ?? {};
  const matchLabels = { ...selector.matchLabels };
  matchLabels[JOB_CONTROLLER_UID_LABEL] ??= uid;
  return {
    ...job,
    spec: { ...job.spec, selector: { ...selector, matchLabels }, template: { ...job.spec.template, metadata: { ...job.spec.template.metadata, labels } } },
  };
}
