// The website operator's decision, a pure function (the sample-controller's reconcile, without
// the I/O): a Website and what is there in, the writes to make out.
//
//   for each child (ConfigMap, Deployment, Service):
//     missing                              -> create it
//     there, ours, fields as we set them   -> nothing
//     there, ours, a field differs         -> update it (our fields laid over it, CAS)
//     there, not ours (the name is taken)  -> leave it; the Website says so in its Ready condition
//   status (readyReplicas, url, conditions) -> write it through the status subresource, if it changed
//
// When everything is in line, the plan is empty: a restarted operator writes nothing.
import { deepEqual, isControlledBy, type ApiObject, type ConfigMap, type Deployment, type Service } from "@skiff/api";
import { desiredChildren } from "./desired.js";
import { isSubset, overlay } from "./in-line.js";
import type { Website, WebsiteCondition, WebsiteStatus } from "./website.js";

export interface Observed {
  configMap?: ConfigMap;
  deployment?: Deployment;
  service?: Service;
  /** A node's address, for the status URL (http://ADDRESS:NODEPORT/); the NodePort answers on every node. */
  nodeAddress?: string;
}

export type Action =
  | { type: "create"; object: ApiObject }
  | { type: "update"; object: ApiObject }
  | { type: "updateStatus"; object: Website };

export function plan(site: Website, observed: Observed, now: Date): Action[] {
  if (site.metadata.deletionTimestamp) return []; // going: the garbage collector takes the rest
  const desired = desiredChildren(site);
  const actions: Action[] = [];
  const taken: string[] = [];
  for (const [want, have] of [
    [desired.configMap, observed.configMap],
    [desired.deployment, observed.deployment],
    [desired.service, observed.service],
  ] as [ApiObject, ApiObject | undefined][]) {
    if (!have) actions.push({ type: "create", object: want });
    else if (!isControlledBy(have, site)) taken.push(`${have.kind} ${have.metadata.name}`);
    else if (!isSubset(want, have)) actions.push({ type: "update", object: overlay(have, want) });
  }
  const status = statusOf(site, observed, { changing: actions.length > 0, taken }, now);
  if (!deepEqual(status, site.status ?? {})) actions.push({ type: "updateStatus", object: { ...site, status } });
  return actions;
}

/** The status the Website should show, given what is there (before this plan's writes). */
export function statusOf(site: Website, observed: Observed, state: { changing: boolean; taken: string[] }, now: Date): WebsiteStatus {
  const want = site.spec.replicas ?? 1;
  const dep = observed.deployment && isControlledBy(observed.deployment, site) ? observed.deployment : undefined;
  const svc = observed.service && isControlledBy(observed.service, site) ? observed.service : undefined;
  const ready = dep?.status?.readyReplicas ?? 0;
  const rolledOut =
    !!dep &&
    (dep.status?.observedGeneration ?? 0) >= (dep.metadata.generation ?? 0) &&
    (dep.status?.updatedReplicas ?? 0) === want &&
    (dep.status?.replicas ?? 0) === want &&
    ready === want;
  const nodePort = svc?.spec?.ports?.[0]?.nodePort;
  const url = nodePort && observed.nodeAddress ? `http://${observed.nodeAddress}:${nodePort}/` : undefined;

  let readyCond: WebsiteCondition;
  let progressing: WebsiteCondition;
  if (state.taken.length > 0) {
    const message = `${state.taken.join(", ")} already exist${state.taken.length === 1 ? "s" : ""} and ${state.taken.length === 1 ? "is" : "are"} not this Website's`;
    readyCond = { type: "Ready", status: "False", reason: "NameTaken", message };
    progressing = { type: "Progressing", status: "False", reason: "NameTaken", message };
  } else {
    const done = rolledOut && !state.changing;
    readyCond = done
      ? { type: "Ready", status: "True", reason: "ReplicasReady", message: `${ready}/${want} replicas ready` }
      : { type: "Ready", status: "False", reason: "ReplicasNotReady", message: `${ready}/${want} replicas ready` };
    progressing = done
      ? { type: "Progressing", status: "False", reason: "Converged", message: "everything is as the Website asks" }
      : { type: "Progressing", status: "True", reason: state.changing ? "Updating" : "RollingOut", message: state.changing ? "bringing its objects in line" : "waiting for the Deployment's pods" };
  }
  const previous = site.status?.conditions ?? [];
  const stamp = (c: WebsiteCondition): WebsiteCondition => {
    const before = previous.find((p) => p.type === c.type);
    return { ...c, lastTransitionTime: before && before.status === c.status ? before.lastTransitionTime : now.toISOString() };
  };
  const status: WebsiteStatus = { readyReplicas: ready, conditions: [stamp(readyCond), stamp(progressing)] };
  if (site.metadata.generation !== undefined) status.observedGeneration = site.metadata.generation;
  if (url) status.url = url;
  return status;
}
