// A Job's conditions (Kubernetes' Complete, Failed, Suspended), with the reasons Kubernetes gives.
import type { Job, JobCondition } from "@skiff/api";

export const REASONS = {
  completions: { reason: "CompletionsReached", message: "Reached expected number of succeeded pods" },
  backoff: { reason: "BackoffLimitExceeded", message: "Job has reached the specified backoff limit" },
  deadline: { reason: "DeadlineExceeded", message: "Job was active longer than specified deadline" },
  suspended: { reason: "JobSuspended", message: "Job suspended" },
  resumed: { reason: "JobResumed", message: "Job resumed" },
} as const;

export function condition(job: Job, type: string): JobCondition | undefined {
  return job.status?.conditions?.find((c) => c.type === type);
}

const isTrue = (job: Job, type: string) => condition(job, type)?.status === "True";

/** Complete or Failed: a finished Job never runs a pod again. */
export function finishedCondition(job: Job): JobCondition | undefined {
  return ["Complete", "Failed"].map((t) => condition(job, t)).find((c) => c?.status === "True");
}

export const isSuspendedCondition = (job: Job): boolean => isTrue(job, "Suspended");

/** `conditions` with `type` set to this status, its transition time kept unless the status changes. */
export function setCondition(
  conditions: readonly JobCondition[],
  type: string,
  status: "True" | "False",
  why: { reason: string; message: string },
  now: Date,
): JobCondition[] {
  const old = conditions.find((c) => c.type === type);
  if (old && old.status === status && old.reason === why.reason) return [...conditions];
  const at = now.toISOString();
  const next: JobCondition = { type, status, lastProbeTime: at, lastTransitionTime: old?.status === status ? (old.lastTransitionTime ?? at) : at, ...why };
  return old ? conditions.map((c) => (c === old ? next : c)) : [...conditions, next];
}
