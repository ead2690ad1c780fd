// The endpoints controller's shell: for each Service with a selector, keep an Endpoints of the
// same name listing the pods behind it (endpoints-plan.ts decides; this reads and writes).
//
//   Service changes           -> key ns/name
//   its Endpoints changes     -> key ns/name (someone edited or deleted it: put it back)
//   a pod changes             -> key ns/name of each Service whose selector matches the pod, as
//                                it was or as it is (labels that changed take it out of one and
//                                into another); found by the Services' selector index
//
// The Service and the Endpoints are read from the store (the Endpoints' resourceVersion makes the
// write compare-and-swap), the pods from the informer's cache by label index: a pod change the
// cache has not shown yet brings its own event, hence another reconcile. Written only when
// something changed.
import { randomUUID } from "node:crypto";
import { AlreadyExistsError, type Endpoints, type Pod, type Service } from "@skiff/api";
import { NAMESPACE_INDEX, selectorOf } from "../../informer/indexers.js";
import type { ControllerDefinition, ReconcileContext } from "../framework/controller.js";
import { selectedBy, selecting } from "../framework/lookups.js";
import { keyOf, splitKey } from "../owners.js";
import { managesEndpoints, planEndpoints } from "./endpoints-plan.js";

export const endpointsController: ControllerDefinition = {
  name: "endpoints",
  watches: [
    { kind: "Service", keysFor: (svc) => [keyOf(svc)] },
    { kind: "Endpoints", keysFor: (ep) => [keyOf(ep)] },
    // Called with the pod as it was and as it is: a Service it left and one it joined both hear.
    { kind: "Pod", keysFor: (pod, caches) => selecting<Service>(caches, "Service", pod).filter(managesEndpoints).map(keyOf) },
  ],
  reconcile: reconcileEndpoints,
};

export async function reconcileEndpoints(key: string, ctx: ReconcileContext): Promise<void> {
  const { namespace = "default", name } = splitKey(key);
  const svc = (await ctx.store.get({ kind: "Service", namespace, name })) as Service | undefined;
  // Gone: its Endpoints (owned by it) go with it, through the garbage collector.
  if (!svc || !managesEndpoints(svc)) return;
  const selector = selectorOf(svc);
  // A selector the label syntax refuses cannot be indexed: its pods are looked for the slow way.
  const pods = selector ? selectedBy<Pod>(ctx.informers, "Pod", namespace, selector) : ctx.informers.for<Pod>("Pod").byIndex(NAMESPACE_INDEX, namespace);
  const existing = (await ctx.store.get({ kind: "Endpoints", namespace, name })) as Endpoints | undefined;
  const action = planEndpoints(svc, pods, existing, { uid: randomUUID(), now: ctx.now() });
  if (action.type === "none") return;
  try {
    if (action.type === "create") await ctx.store.create(action.endpoints);
    else await ctx.store.update(action.endpoints);
  } catch (err) {
    // Created by someone in between: the retry reads it and updates it.
    if (err instanceof AlreadyExistsError) throw new Error(`endpoints ${namespace}/${name} appeared meanwhile; retrying`, { cause: err });
    throw err;
  }
  const subsets = action.endpoints.subsets ?? [];
  const ready = subsets.reduce((n, s) => n + (s.addresses?.length ?? 0), 0);
  const notReady = subsets.reduce((n, s) => n + (s.notReadyAddresses?.length ?? 0), 0);
  ctx.log.debug({ service: `${namespace}/${name}`, ready, notReady }, action.type === "create" ? "endpoints created" : "endpoints updated");
}
