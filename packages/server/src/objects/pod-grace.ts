// How long a deleted pod is given to stop: Kubernetes' pod strategy (CheckGracefulDelete) and
// the API server's graceful deletion (BeforeDelete), for the one kind that has a grace period.
// Pure.
//
//   grace = DeleteOptions.gracePeriodSeconds, else spec.terminationGracePeriodSeconds, else 30;
//   0 when nobody runs the pod's containers: never bound to a node, bound to a node that no
//   longer exists, or already finished (Failed/Succeeded): such a pod goes at once.
//
// A pod with a grace period is marked, not removed: deletionTimestamp = now + grace (the moment
// it would be killed), deletionGracePeriodSeconds = grace. Its agent stops it (preStop, SIGTERM,
// the grace period, SIGKILL) and says so; then the server deletes it with grace 0 (the kubelet's
// last delete), which removes it once no finalizer is left.
import { ValidationError, isTerminalPhase, type ApiObject, type Pod } from "@skiff/api";

/** Kubernetes' default terminationGracePeriodSeconds. */
export const DEFAULT_GRACE_SECONDS = 30;

/** Only pods are deleted gracefully: for every other kind, gracePeriodSeconds is ignored. */
export const hasGracePeriod = (obj: ApiObject): obj is Pod => obj.kind === "Pod";

/** A DeleteOptions' gracePeriodSeconds: a whole number of seconds, 0 or more. */
export function checkGracePeriod(seconds: number | undefined): number | undefined {
  if (seconds === undefined) return undefined;
  if (!Number.isInteger(seconds) || seconds < 0) {
    throw new ValidationError([{ path: "gracePeriodSeconds", message: `must be a whole number of seconds, 0 or more (got ${seconds})` }]);
  }
  return seconds;
}

/**
 * The grace period a delete gives `pod`. `nodeExists`: whether the Node it is bound to is still
 * in the store (undefined: not looked up, taken as yes).
 */
export function podGracePeriod(pod: Pod, requested: number | undefined, nodeExists?: boolean): number {
  if (!pod.spec.nodeName || nodeExists === false) return 0;
  if (isTerminalPhase(pod.status?.phase)) return 0;
  return requested ?? pod.spec.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS;
}

/**
 * A second delete of a pod already terminating may only shorten its grace period (Kubernetes:
 * "the grace period can only be shortened"). Returns the pod with the shorter period, its
 * deletionTimestamp moved to match (the start of the deletion plus the new period), or undefined
 * when the new period is not shorter.
 */
export function shortenGrace(pod: Pod, grace: number): Pod | undefined {
  const current = pod.metadata.deletionGracePeriodSeconds ?? 0;
  const at = pod.metadata.deletionTimestamp;
  if (at === undefined || grace >= current) return undefined;
  const started = Date.parse(at) - current * 1000;
  const deletionTimestamp = new Date(started + grace * 1000).toISOString();
  return { ...pod, metadata: { ...pod.metadata, deletionTimestamp, deletionGracePeriodSeconds: grace } };
}
