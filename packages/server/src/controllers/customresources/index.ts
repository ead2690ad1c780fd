// The CRD controller: keeps each CustomResourceDefinition's status (crd-plan.ts) and, when a CRD
// is deleted, deletes every object of its kind before releasing it (the cleanup finalizer, as
// Kubernetes' finalizer controller does). Which kinds are served is not decided here: every
// server does that for itself (../../customresources/registrar.ts).
import { CRD_CLEANUP_FINALIZER, KINDS, NotFoundError, acceptNames, deepEqual, refOf, type CustomResourceDefinition } from "@skiff/api";
import { deleteObject, removeFinalizer, updateObject } from "../../objects/deletion.js";
import type { ControllerDefinition, ReconcileContext, ReconcileResult } from "../framework/controller.js";
import { objectsOfCrd, planCrdStatus } from "./crd-plan.js";

const CRD = "CustomResourceDefinition";
// Objects held by finalizers of their own are waited for; no event of theirs wakes this key.
const CLEANUP_RECHECK_MS = 1_000;

async function reconcile(name: string, ctx: ReconcileContext): Promise<ReconcileResult | void> {
  const cache = ctx.informers.for<CustomResourceDefinition>(CRD);
  const cached = cache.get(name);
  if (!cached) return;
  // CRDs are few: their names are judged together, as every server's registry judges them.
  const verdict = acceptNames(cache.list(), KINDS).get(name) ?? { accepted: false };
  let crd = (await ctx.store.get(refOf(cached))) as CustomResourceDefinition | undefined;
  if (!crd) return;
  const status = planCrdStatus(crd, verdict, ctx.now());
  if (!deepEqual(status, crd.status ?? {})) crd = (await updateObject(ctx.store, { ...crd, status })) as CustomResourceDefinition;
  if (!crd.metadata.deletionTimestamp || !crd.metadata.finalizers?.includes(CRD_CLEANUP_FINALIZER)) return;
  return cleanUp(crd, verdict.accepted, ctx);
}

async function cleanUp(crd: CustomResourceDefinition, accepted: boolean, ctx: ReconcileContext): Promise<ReconcileResult | void> {
  const kind = crd.spec?.names.kind;
  // A CRD whose names were never accepted served nothing: the objects of its kind are another's.
  const left = accepted && kind ? objectsOfCrd(crd, (await ctx.store.list(kind)).items) : [];
  for (const o of left.filter((x) => !x.metadata.deletionTimestamp)) {
    try {
      await deleteObject(ctx.store, o, { now: ctx.now() });
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
    }
  }
  const remaining = left.length === 0 ? [] : objectsOfCrd(crd, (await ctx.store.list(kind ?? "")).items);
  if (remaining.length > 0) {
    ctx.log.info({ crd: crd.metadata.name, remaining: remaining.length }, "waiting for the objects of a deleted CRD to go");
    return { requeueAfterMs: CLEANUP_RECHECK_MS };
  }
  await removeFinalizer(ctx.store, crd, CRD_CLEANUP_FINALIZER);
  ctx.log.info({ crd: crd.metadata.name, deleted: left.length }, "deleted the objects of a deleted CRD; CRD released");
}

export const customResourceDefinitionController: ControllerDefinition = {
  name: "customresourcedefinition",
  // Any CRD's change may change another's verdict (the older one of two namesakes went): all are looked at.
  watches: [{ kind: CRD, keysFor: (_o, caches) => caches.for(CRD).list().map((c) => c.metadata.name) }],
  reconcile,
};
