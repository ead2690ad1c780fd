// The agent's view of its assignments: a COMPLETE set, then INCREMENTAL changes that must
// apply to exactly the sequence number the agent is at. Pure: a gap means "reconnect".
import type { Pod } from "@skiff/api";
import type { AssignmentsMessage__Output } from "@skiff/proto";

export interface AssignedSet {
  sequence: number;
  /** By pod uid. */
  pods: Map<string, Pod>;
}

export type Applied =
  | { kind: "complete"; set: AssignedSet }
  | { kind: "incremental"; set: AssignedSet; updated: Pod[]; removed: Pod[] }
  | { kind: "gap"; expected: number; got: number };

export function applyAssignments(current: AssignedSet | undefined, msg: AssignmentsMessage__Output): Applied {
  const parse = (json: string) => JSON.parse(json) as Pod;
  const sequence = Number(msg.resultsIn);
  if (msg.type === "COMPLETE") {
    const pods = new Map<string, Pod>();
    for (const c of msg.changes) {
      const pod = parse(c.podJson);
      pods.set(pod.metadata.uid ?? "", pod);
    }
    return { kind: "complete", set: { sequence, pods } };
  }
  const appliesTo = Number(msg.appliesTo);
  if (!current || current.sequence !== appliesTo) return { kind: "gap", expected: current?.sequence ?? 0, got: appliesTo };
  const pods = new Map(current.pods);
  const updated: Pod[] = [];
  const removed: Pod[] = [];
  for (const c of msg.changes) {
    const pod = parse(c.podJson);
    const uid = pod.metadata.uid ?? "";
    if (c.action === "REMOVE") {
      pods.delete(uid);
      removed.push(pod);
    } else {
      pods.set(uid, pod);
      updated.push(pod);
    }
  }
  return { kind: "incremental", set: { sequence, pods }, updated, removed };
}
