// Which pod changes an agent must hear about. Pure. An agent needs a pod's metadata, spec and
// whether the control plane ended it (phase Failed after eviction); it does not need to hear
// back the status it wrote itself, so those changes are filtered out here.
import type { ApiObject, Pod } from "@skiff/api";
import { isTerminalPhase } from "@skiff/api";

export interface Change {
  action: "UPDATE" | "REMOVE";
  pod: Pod;
}

/** What about a pod matters to its agent; equal signatures mean nothing to send. */
export function signature(pod: Pod): string {
  const { resourceVersion: _rv, ...metadata } = pod.metadata;
  return JSON.stringify([metadata, pod.spec, isTerminalPhase(pod.status?.phase) ? pod.status?.phase : ""]);
}

export function boundTo(obj: ApiObject, nodeName: string): boolean {
  return (obj as Pod).spec?.nodeName === nodeName;
}

/**
 * The change (if any) for one watch event, given what was last sent per pod uid.
 * `sent` is updated in place: it is the stream's memory of the agent's set.
 */
export function changeFor(type: "ADDED" | "MODIFIED" | "DELETED", pod: Pod, nodeName: string, sent: Map<string, string>): Change | undefined {
  const uid = pod.metadata.uid ?? "";
  const known = sent.has(uid);
  if (type === "DELETED" || !boundTo(pod, nodeName)) {
    if (!known) return undefined;
    sent.delete(uid);
    return { action: "REMOVE", pod };
  }
  const sig = signature(pod);
  if (sent.get(uid) === sig) return undefined;
  sent.set(uid, sig);
  return { action: "UPDATE", pod };
}
