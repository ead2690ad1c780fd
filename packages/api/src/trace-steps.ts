// The steps of `skiff trace`: who did what to which object, when, at which store revision, on
// which node. One shape for the server's components, the agents, the wire (proto/skiff/v1/
// trace.proto) and the CLI. Components call traceStep(); whoever keeps steps in this process
// (the server's ring, the agent's sender) listens with onTraceStep(). With no listener a step
// costs one check of an empty set.
import type { ApiObject } from "./meta.js";

export interface TraceStep {
  /** RFC 3339 with milliseconds, by the clock of the process that did the step. */
  at: string;
  /** The store revision of the object's version the step is about; absent when no write is meant. */
  revision?: number;
  /** "user", "deployment-controller", "replicaset-controller", "scheduler", "node-session", "agent"... */
  component: string;
  /** Where it happened, or the node it concerns. */
  node?: string;
  kind: string;
  namespace?: string;
  name: string;
  uid?: string;
  /** The uids of the object's owners, to follow a Deployment down to its pods. */
  ownerUids?: string[];
  /** Short: "created", "scheduled", "assignment sent", "container started"... */
  step: string;
  /** What happened, in words. */
  detail: string;
}

/** A step's detail is cut here: the ring's memory bound counts on it. */
export const TRACE_DETAIL_MAX = 400;

type Listener = (step: TraceStep) => void;
const listeners = new Set<Listener>();

/** Keep this process's steps (returns the function that stops it). */
export function onTraceStep(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Record one step; `at` defaults to now. Never throws into the caller. */
export function traceStep(step: Omit<TraceStep, "at"> & { at?: string }): void {
  if (listeners.size === 0) return;
  const full: TraceStep = { ...step, at: step.at ?? new Date().toISOString(), detail: step.detail.slice(0, TRACE_DETAIL_MAX) };
  for (const l of listeners) {
    try {
      l(full);
    } catch {
      // A listener's failure is its own; the component that did the step goes on.
    }
  }
}

/** The revision in an object's resourceVersion, when it is one. */
export function storeRevisionOf(resourceVersion: string | undefined): number | undefined {
  const n = Number(resourceVersion);
  return resourceVersion && Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** A TraceStep as proto/skiff/v1/trace.proto carries it (uint64 as a string, empty for absent). */
export interface WireTraceStep {
  at: string;
  revision: string | number;
  component: string;
  node: string;
  kind: string;
  namespace: string;
  name: string;
  uid: string;
  ownerUids: string[];
  step: string;
  detail: string;
}

export function traceStepToWire(s: TraceStep): WireTraceStep {
  return {
    at: s.at,
    revision: String(s.revision ?? 0),
    component: s.component,
    node: s.node ?? "",
    kind: s.kind,
    namespace: s.namespace ?? "",
    name: s.name,
    uid: s.uid ?? "",
    ownerUids: s.ownerUids ?? [],
    step: s.step,
    detail: s.detail.slice(0, TRACE_DETAIL_MAX),
  };
}

export function traceStepFromWire(w: WireTraceStep): TraceStep {
  const revision = Number(w.revision);
  return {
    at: w.at,
    ...(revision > 0 ? { revision } : {}),
    component: w.component,
    ...(w.node ? { node: w.node } : {}),
    kind: w.kind,
    ...(w.namespace ? { namespace: w.namespace } : {}),
    name: w.name,
    ...(w.uid ? { uid: w.uid } : {}),
    ...(w.ownerUids.length > 0 ? { ownerUids: [...w.ownerUids] } : {}),
    step: w.step,
    detail: w.detail.slice(0, TRACE_DETAIL_MAX),
  };
}

/** The object a step is about, as a step names it: kind, namespace, name, uid, revision, owners. */
export function stepSubject(o: ApiObject): Pick<TraceStep, "kind" | "namespace" | "name" | "uid" | "revision" | "ownerUids"> {
  const revision = storeRevisionOf(o.metadata.resourceVersion);
  return {
    kind: o.kind,
    ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}),
    name: o.metadata.name,
    ...(o.metadata.uid ? { uid: o.metadata.uid } : {}),
    ...(revision !== undefined ? { revision } : {}),
    ...(o.metadata.ownerReferences?.length ? { ownerUids: o.metadata.ownerReferences.map((r) => r.uid) } : {}),
  };
}
