// Merging an agent's pod status report into the stored pod. Pure. The agent owns container
// states, IPs and most conditions; the scheduler owns PodScheduled; phases only move forward.
import { isDeepStrictEqual } from "node:util";
import { canTransition, type Pod, type PodStatus } from "@skiff/api";

export type StatusVerdict = { write: Pod } | { skip: string };

export function mergeReportedStatus(stored: Pod, reported: PodStatus, nodeName: string, uid: string): StatusVerdict {
  if (stored.metadata.uid !== uid) return { skip: "pod was replaced (uid differs)" };
  if (stored.spec.nodeName !== nodeName) return { skip: `pod is bound to ${stored.spec.nodeName ?? "no node"}, not ${nodeName}` };
  const before = stored.status ?? {};
  const phase = reported.phase ?? before.phase ?? "Pending";
  if (!canTransition(before.phase, phase)) return { skip: `phase ${before.phase} cannot move back to ${phase}` };
  const scheduled = before.conditions?.filter((c) => c.type === "PodScheduled") ?? [];
  const conditions = [...scheduled, ...(reported.conditions ?? []).filter((c) => c.type !== "PodScheduled")];
  const status: PodStatus = { ...reported, phase, conditions };
  if (isDeepStrictEqual(status, before)) return { skip: "unchanged" };
  return { write: { ...stored, status } };
}
