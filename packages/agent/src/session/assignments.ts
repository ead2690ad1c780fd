// The agent's view of its assignments: a COMPLETE set, then INCREMENTAL changes that must
// apply to exactly the sequence number the agent is at. Pure: a gap means "reconnect".
// A set holds the node's pods and the ConfigMaps and Secrets they use (nothing else).
import { configRefKey, type ApiObject, type Pod } from "@skiff/api";
import type { AssignmentsMessage__Output } from "@skiff/proto";

export interface AssignedSet {
  sequence: number;
  /** By pod uid. */
  pods: Map<string, Pod>;
  /** ConfigMaps and Secrets by `Kind/namespace/name`. */
  configs: Map<string, ApiObject>;
}

export type Applied =
  | { kind: "complete"; set: AssignedSet }
  | { kind: "incremental"; set: AssignedSet; updated: Pod[]; removed: Pod[]; configsChanged: boolean }
  | { kind: "gap"; expected: number; got: number };

export function configKey(obj: ApiObject): string {
  return configRefKey({ kind: obj.kind, namespace: obj.metadata.namespace ?? "default", name: obj.metadata.name });
}

export function applyAssignments(current: AssignedSet | undefined, msg: AssignmentsMessage__Output): Applied {
  const sequence = Number(msg.resultsIn);
  if (msg.type === "COMPLETE") {
    const set: AssignedSet = { sequence, pods: new Map(), configs: new Map() };
    for (const c of msg.changes) {
      const obj = JSON.parse(c.objectJson) as ApiObject;
      if (c.kind === "Pod") set.pods.set(obj.metadata.uid ?? "", obj as Pod);
      else set.configs.set(configKey(obj), obj);
    }
    return { kind: "complete", set };
  }
  const appliesTo = Number(msg.appliesTo);
  if (!current || current.sequence !== appliesTo) return { kind: "gap", expected: current?.sequence ?? 0, got: appliesTo };
  const set: AssignedSet = { sequence, pods: new Map(current.pods), configs: new Map(current.configs) };
  const updated: Pod[] = [];
  const removed: Pod[] = [];
  let configsChanged = false;
  for (const c of msg.changes) {
    const obj = JSON.parse(c.objectJson) as ApiObject;
    if (c.kind !== "Pod") {
      configsChanged = true;
      if (c.action === "REMOVE") set.configs.delete(configKey(obj));
      else set.configs.set(configKey(obj), obj);
      continue;
    }
    const uid = obj.metadata.uid ?? "";
    if (c.action === "REMOVE") {
      set.pods.delete(uid);
      removed.push(obj as Pod);
    } else {
      set.pods.set(uid, obj as Pod);
      updated.push(obj as Pod);
    }
  }
  return { kind: "incremental", set, updated, removed, configsChanged };
}
