// The agent's view of its assignments: a COMPLETE set, then INCREMENTAL changes that must
// apply to exactly the sequence number the agent is at. Pure: a gap means "reconnect".
// A set holds the node's pods and the ConfigMaps and Secrets they use, and every Service and
// Endpoints of the cluster (for the node's proxy and DNS).
import { configRefKey, type ApiObject, type Endpoints, type Pod, type Service } from "@skiff/api/core";
import type { AssignmentsMessage__Output } from "@skiff/proto";

export interface AssignedSet {
  sequence: number;
  /** By pod uid. */
  pods: Map<string, Pod>;
  /** ConfigMaps and Secrets by `Kind/namespace/name`. */
  configs: Map<string, ApiObject>;
  /** Every Service, by `namespace/name`. */
  services: Map<string, Service>;
  /** Every Endpoints, by `namespace/name` (its Service's key). */
  endpoints: Map<string, Endpoints>;
}

export type Applied =
  | { kind: "complete"; set: AssignedSet }
  | {
      kind: "incremental";
      set: AssignedSet;
      updated: Pod[];
      removed: Pod[];
      configsChanged: boolean;
      /** A Service or an Endpoints was added, changed or removed: the proxy and DNS look again. */
      servicesChanged: boolean;
    }
  | { kind: "gap"; expected: number; got: number };

export function configKey(obj: ApiObject): string {
  return configRefKey({ kind: obj.kind, namespace: obj.metadata.namespace ?? "default", name: obj.metadata.name });
}

/** The key of a Service or Endpoints in the set: `namespace/name`. */
export function serviceKey(obj: ApiObject): string {
  return `${obj.metadata.namespace ?? "default"}/${obj.metadata.name}`;
}

const emptySet = (sequence: number): AssignedSet => ({ sequence, pods: new Map(), configs: new Map(), services: new Map(), endpoints: new Map() });

/** Put or delete a Service or Endpoints; false for any other kind. */
function applyNetwork(set: AssignedSet, kind: string, action: string, obj: ApiObject): boolean {
  const map = kind === "Service" ? set.services : kind === "Endpoints" ? set.endpoints : undefined;
  if (!map) return false;
  if (action === "REMOVE") map.delete(serviceKey(obj));
  else (map as Map<string, ApiObject>).set(serviceKey(obj), obj);
  return true;
}

export function applyAssignments(current: AssignedSet | undefined, msg: AssignmentsMessage__Output): Applied {
  const sequence = Number(msg.resultsIn);
  if (msg.type === "COMPLETE") {
    const set = emptySet(sequence);
    for (const c of msg.changes) {
      const obj = JSON.parse(c.objectJson) as ApiObject;
      if (c.kind === "Pod") set.pods.set(obj.metadata.uid ?? "", obj as Pod);
      else if (!applyNetwork(set, c.kind, "UPDATE", obj)) set.configs.set(configKey(obj), obj);
    }
    return { kind: "complete", set };
  }
  const appliesTo = Number(msg.appliesTo);
  if (!current || current.sequence !== appliesTo) return { kind: "gap", expected: current?.sequence ?? 0, got: appliesTo };
  const set: AssignedSet = {
    sequence,
    pods: new Map(current.pods),
    configs: new Map(current.configs),
    services: new Map(current.services),
    endpoints: new Map(current.endpoints),
  };
  const updated: Pod[] = [];
  const removed: Pod[] = [];
  let configsChanged = false;
  let servicesChanged = false;
  for (const c of msg.changes) {
    const obj = JSON.parse(c.objectJson) as ApiObject;
    if (applyNetwork(set, c.kind, c.action, obj)) {
      servicesChanged = true;
      continue;
    }
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
  return { kind: "incremental", set, updated, removed, configsChanged, servicesChanged };
}
