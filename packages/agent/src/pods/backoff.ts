// Back-off, as the kubelet does it: the first restart of an exited container is immediate, the
// next waits 10 s, then 20 s, 40 s... up to 5 min; a container that ran for 10 minutes starts the
// sequence over (restarted at once again). The
// crash back-off is computed from what Docker shows (the step label, startedAt, finishedAt), so
// an agent restart neither forgets a crash loop nor starts one over. Image pulls and create
// errors have no container to read it from: their back-off is kept in memory (ImageRecord,
// FailureRecord), which is what kubelet does too.
import { backoffDelay } from "@skiff/api/core";
import type { ContainerInfo } from "../runtime/runtime.js";
import { identify } from "./labels.js";
import { failedToStart } from "./observed.js";

export const BACKOFF_INITIAL_MS = 10_000;
export const BACKOFF_MAX_MS = 300_000;
/** A container that ran this long was healthy: its exit is not part of a crash loop. */
export const BACKOFF_RESET_MS = 600_000;
/** Step 0 restarts at once, 10 s x 2^5 is past 5 min already: larger steps change nothing (the step is kept on a label). */
const MAX_STEP = 6;

/** The wait at back-off step `step` (0-based): 10 s, 20 s, 40 s, 80 s, 160 s, 300 s, 300 s... (no jitter: kubelet has none). */
export function backoffDelayMs(step: number): number {
  return backoffDelay(Math.max(step, 0) + 1, { initialMs: BACKOFF_INITIAL_MS, maxMs: BACKOFF_MAX_MS });
}

function ms(time: string | undefined): number | undefined {
  if (!time) return undefined;
  const t = Date.parse(time);
  return Number.isNaN(t) ? undefined : t;
}

/** When the container stopped: a start that failed has no finishedAt, so its creation stands in. */
export function exitedAt(info: ContainerInfo): number {
  return ms(info.finishedAt) ?? ms(info.startedAt) ?? ms(info.createdAt) ?? 0;
}

function ranLong(info: ContainerInfo): boolean {
  const started = ms(info.startedAt);
  return started !== undefined && exitedAt(info) - started >= BACKOFF_RESET_MS;
}

/** The step an exited container's restart waits: its label, or its attempt for containers without one. */
function stepOf(info: ContainerInfo): number {
  const id = identify(info);
  return id?.backoffStep ?? id?.attempt ?? 0;
}

/**
 * How long after `info` exited its replacement may start: nothing at step 0 (the kubelet has no
 * back-off entry for a first crash), then 10 s, 20 s... A long run starts over at step 0. A
 * container the engine would not start never ran: it waits from the first (10 s), since retrying
 * a wrong command at once only hides the RunContainerError it reports.
 */
export function crashDelayMs(info: ContainerInfo): number {
  if (ranLong(info)) return 0;
  const step = stepOf(info);
  if (failedToStart(info)) return backoffDelayMs(step);
  return step === 0 ? 0 : backoffDelayMs(step - 1);
}

/** The earliest time the container that replaces the exited `info` may be created. */
export function crashRestartAt(info: ContainerInfo): number {
  return exitedAt(info) + crashDelayMs(info);
}

/**
 * The step the next attempt will wait when it exits. After a long run the restart was immediate
 * (step 0 of a new sequence), so the next crash waits 10 s, as Kubernetes' reset does.
 * A container replaced (new spec, new sandbox) rather than crashed starts at 0.
 */
export function nextBackoffStep(previous: ContainerInfo | undefined, crashed: boolean): number {
  if (!previous || !crashed) return 0;
  return ranLong(previous) ? 1 : Math.min(stepOf(previous) + 1, MAX_STEP);
}

/** What this agent knows about one image; kept in memory, re-learned with hasImage after a restart. */
export interface ImageRecord {
  present: boolean;
  /** When this agent last pulled it successfully (imagePullPolicy Always asks for a fresh pull). */
  pulledAt?: number;
  pulling?: boolean;
  /** Consecutive failed pulls; 0 after a success. */
  failures: number;
  lastFailureAt?: number;
  /** The engine's message for the last failure. */
  message?: string;
  /**
   * Whether a status has shown the last failure yet. Kubernetes shows ErrImagePull on the sync
   * that failed and ImagePullBackOff on the syncs that wait; this bit is that difference.
   */
  reported?: boolean;
}

/** When a failed image may be pulled again (undefined: no failure to wait for). */
export function pullRetryAt(record: ImageRecord | undefined): number | undefined {
  if (!record || record.failures === 0 || record.lastFailureAt === undefined) return undefined;
  return record.lastFailureAt + backoffDelayMs(record.failures - 1);
}

/** A container the engine would not create or start, per pod and container name, in memory. */
export interface FailureRecord {
  /** CreateContainerConfigError: what the container needs is not there (a hostPath, a config that vanished). */
  reason: "CreateContainerError" | "CreateContainerConfigError" | "RunContainerError";
  /** The engine's own words. */
  message: string;
  failures: number;
  lastFailureAt: number;
  reported?: boolean;
}

export function failureKey(podUid: string, container: string): string {
  return `${podUid}/${container}`;
}

/** When a container that failed to be created or started may be tried again. */
export function failureRetryAt(record: FailureRecord | undefined): number | undefined {
  if (!record) return undefined;
  return record.lastFailureAt + backoffDelayMs(record.failures - 1);
}
