// An agent's pod status report, from the wire to the stored pod. Pure.
//
//   statusJson -> decoded and checked (@skiff/api parsePodStatus): a broken report is refused
//                 with the path of the field at fault, and never stored
//              -> merged into the stored pod: the agent owns container states, IPs and most
//                 conditions; the scheduler owns PodScheduled; phases only move forward (the one
//                 rule of @skiff/api phases.ts, which the agent applies too)
//   containersStopped on a Terminating pod -> its deletion ends (deletion-plan.ts, grace 0):
//                 the agent has stopped everything, so the pod may go (and its name be reused)
import { isDeepStrictEqual } from "node:util";
import { ValidationError, parsePodStatus, transition, type Pod, type PodStatus } from "@skiff/api";

export type StatusVerdict = { write: Pod } | { skip: string };

/** The status in a report's `statusJson`; ValidationError with paths under `at` when it is not one. */
export function readReportedStatus(statusJson: string, at: string): PodStatus {
  let raw: unknown;
  try {
    raw = JSON.parse(statusJson);
  } catch (err) {
    throw new ValidationError([{ path: at, message: `not valid JSON: ${(err as Error).message}` }]);
  }
  return parsePodStatus(raw, at);
}

export function mergeReportedStatus(stored: Pod, reported: PodStatus, nodeName: string, uid: string): StatusVerdict {
  if (stored.metadata.uid !== uid) return { skip: "pod was replaced (uid differs)" };
  if (stored.spec.nodeName !== nodeName) return { skip: `pod is bound to ${stored.spec.nodeName ?? "no node"}, not ${nodeName}` };
  const before = stored.status ?? {};
  const moved = transition(before.phase, reported.phase ?? before.phase ?? "Pending");
  if (!moved.ok) return { skip: moved.reason };
  const scheduled = before.conditions?.filter((c) => c.type === "PodScheduled") ?? [];
  const conditions = [...scheduled, ...(reported.conditions ?? []).filter((c) => c.type !== "PodScheduled")];
  const status: PodStatus = { ...reported, phase: moved.phase, conditions };
  if (isDeepStrictEqual(status, before)) return { skip: "unchanged" };
  return { write: { ...stored, status } };
}

/**
 * The agent of the pod's node says the containers of this Terminating pod have all stopped: the
 * server now deletes it with grace 0, as the kubelet does. Only the node the pod is bound to, for
 * the pod it ran (same uid), can say so.
 */
export function endsDeletion(stored: Pod, containersStopped: boolean, nodeName: string, uid: string): boolean {
  return containersStopped && stored.metadata.deletionTimestamp !== undefined && stored.metadata.uid === uid && stored.spec.nodeName === nodeName;
}
