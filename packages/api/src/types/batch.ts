// Run-to-completion work (batch/v1): a Job runs pods until enough succeed; a CronJob makes Jobs
// on a schedule. Shaped as Kubernetes' JSON.
import type { ApiObject } from "../meta.js";
import type { ConditionStatus, LabelSelector, ObjectReference } from "./common.js";
import type { PodTemplateSpec, TemplateMeta } from "./pod.js";

export interface JobSpec {
  /** Pods that may run at once. Default 1. */
  parallelism?: number;
  /** Successful pods needed. Unset: the first success ends the Job (a work queue). */
  completions?: number;
  /** Pod failures (and, with OnFailure, container restarts) tolerated before the Job fails. Default 6. */
  backoffLimit?: number;
  /** Seconds after the Job starts before it is failed (DeadlineExceeded). */
  activeDeadlineSeconds?: number;
  /** Seconds after it finishes before the Job and its pods are deleted. */
  ttlSecondsAfterFinished?: number;
  /** Indexed: each pod gets an index 0..completions-1 (JOB_COMPLETION_INDEX). */
  completionMode?: "NonIndexed" | "Indexed";
  /** True: no pods run (the active ones are deleted) until it is false again. */
  suspend?: boolean;
  /** Unless true, the server sets the selector from the Job's uid (controller-uid). */
  manualSelector?: boolean;
  selector?: LabelSelector;
  template: PodTemplateSpec;
}

/** `Complete`, `Failed`, `Suspended`. */
export interface JobCondition {
  type: string;
  status: ConditionStatus;
  lastProbeTime?: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface JobStatus {
  startTime?: string;
  completionTime?: string;
  /** Pods running or waiting to run. */
  active?: number;
  /** Active pods whose Ready condition is True. */
  ready?: number;
  succeeded?: number;
  failed?: number;
  /** Indexed Jobs: the indexes that succeeded, as ranges (`0-2,5`). */
  completedIndexes?: string;
  conditions?: JobCondition[];
}

export interface Job extends ApiObject<JobSpec, JobStatus> {
  apiVersion: "batch/v1";
  kind: "Job";
  spec: JobSpec;
}

export interface JobTemplateSpec {
  metadata?: TemplateMeta;
  spec: JobSpec;
}

export interface CronJobSpec {
  /** Five cron fields (`*\/5 * * * *`) or a macro (`@hourly`). */
  schedule: string;
  /** IANA name (`Europe/Paris`); unset: the server's local time zone. */
  timeZone?: string;
  /** A run not started within this many seconds of its time is skipped. */
  startingDeadlineSeconds?: number;
  concurrencyPolicy?: "Allow" | "Forbid" | "Replace";
  suspend?: boolean;
  jobTemplate: JobTemplateSpec;
  successfulJobsHistoryLimit?: number;
  failedJobsHistoryLimit?: number;
}

export interface CronJobStatus {
  /** The Jobs it started that have not finished. */
  active?: ObjectReference[];
  lastScheduleTime?: string;
  lastSuccessfulTime?: string;
}

export interface CronJob extends ApiObject<CronJobSpec, CronJobStatus> {
  apiVersion: "batch/v1";
  kind: "CronJob";
  spec: CronJobSpec;
}
