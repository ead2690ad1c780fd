// The volume controller's shell: binds claims to PersistentVolumes (binder-plan.ts), provisions
// the `local` class's PVs, and releases or deletes PVs whose claim went (reclaim-plan.ts).
// Two kinds of key, each reconciled on its own:
//
//   `PersistentVolumeClaim:ns/name`  <- the claim; a pod that uses it (by the pods' claim
//                                       index); a PV whose claimRef names it; a PV that became
//                                       available or a new StorageClass (every Pending claim:
//                                       a walk of the claims cache, rare events)
//   `PersistentVolume:name`          <- the PV; the claim its claimRef names
//
// Reads come from the caches; writes are compare-and-swap. A PV is written before its claim, as
// Kubernetes does, so a crash between leaves a PV reserved for the claim, which the next
// reconcile completes. The list of PVs is read whole per claim: clusters have few.
import { randomUUID } from "node:crypto";
import { AlreadyExistsError, NotFoundError, isTerminalPhase, type ApiObject, type PersistentVolume, type PersistentVolumeClaim, type Pod, type StorageClass } from "@skiff/api";
import { CLAIM_INDEX } from "../../informer/indexers.js";
import type { Caches } from "../framework/caches.js";
import type { ControllerDefinition, ReconcileContext } from "../framework/controller.js";
import { planClaim } from "./binder-plan.js";
import { planVolume } from "./reclaim-plan.js";

const CLAIM = "PersistentVolumeClaim:";
const VOLUME = "PersistentVolume:";

const claimKey = (namespace: string | undefined, name: string) => `${CLAIM}${namespace ?? "default"}/${name}`;

function pendingClaims(caches: Caches): string[] {
  return caches
    .for<PersistentVolumeClaim>("PersistentVolumeClaim")
    .list((c) => !c.spec.volumeName)
    .map((c) => claimKey(c.metadata.namespace, c.metadata.name));
}

function claimsOfPod(pod: ApiObject): string[] {
  if (!(pod as Pod).spec?.nodeName) return [];
  return ((pod as Pod).spec.volumes ?? []).flatMap((v) => (v.persistentVolumeClaim ? [claimKey(pod.metadata.namespace, v.persistentVolumeClaim.claimName)] : []));
}

export const volumeController: ControllerDefinition = {
  name: "volumes",
  watches: [
    { kind: "PersistentVolumeClaim", keysFor: (c) => [claimKey(c.metadata.namespace, c.metadata.name), ...volumeOfClaim(c)] },
    {
      kind: "PersistentVolume",
      keysFor: (pv, caches) => {
        const ref = (pv as PersistentVolume).spec?.claimRef;
        const keys = [`${VOLUME}${pv.metadata.name}`];
        if (ref?.name) keys.push(claimKey(ref.namespace, ref.name));
        else keys.push(...pendingClaims(caches));
        return keys;
      },
    },
    { kind: "Pod", keysFor: claimsOfPod },
    { kind: "StorageClass", keysFor: (_sc, caches) => pendingClaims(caches) },
  ],
  reconcile: async (key, ctx) => {
    if (key.startsWith(CLAIM)) return reconcileClaim(key.slice(CLAIM.length), ctx);
    if (key.startsWith(VOLUME)) return reconcileVolume(key.slice(VOLUME.length), ctx);
  },
};

function volumeOfClaim(c: ApiObject): string[] {
  const name = (c as PersistentVolumeClaim).spec?.volumeName;
  return name ? [`${VOLUME}${name}`] : [];
}

/** The node of a placed, unfinished pod that uses the claim. */
function consumerNode(caches: Caches, key: string): string | undefined {
  const pods = caches.for<Pod>("Pod").byIndex(CLAIM_INDEX, key);
  const placed = pods.filter((p) => p.spec.nodeName && !isTerminalPhase(p.status?.phase) && !p.metadata.deletionTimestamp);
  return placed.sort((a, b) => (a.metadata.creationTimestamp ?? "").localeCompare(b.metadata.creationTimestamp ?? ""))[0]?.spec.nodeName;
}

export async function reconcileClaim(key: string, ctx: ReconcileContext): Promise<void> {
  const slash = key.indexOf("/");
  const namespace = key.slice(0, slash);
  const name = key.slice(slash + 1);
  const claim = ctx.informers.for<PersistentVolumeClaim>("PersistentVolumeClaim").get(key);
  if (!claim) return; // gone: its PV hears of it (reconcileVolume)
  const node = consumerNode(ctx.informers, key);
  const actions = planClaim({
    claim,
    volumes: ctx.informers.for<PersistentVolume>("PersistentVolume").list(),
    classes: ctx.informers.for<StorageClass>("StorageClass").list(),
    ...(node ? { consumerNode: node } : {}),
    now: ctx.now(),
  });
  for (const a of actions) {
    switch (a.type) {
      case "createVolume":
        a.volume.metadata.uid = randomUUID();
        try {
          await ctx.store.create(a.volume);
        } catch (err) {
          // Made by an earlier run that crashed before binding the claim: bind it now, next time.
          if (err instanceof AlreadyExistsError) throw new Error(`persistentvolume ${a.volume.metadata.name} exists already; retrying`, { cause: err });
          throw err;
        }
        ctx.log.info({ claim: `${namespace}/${name}`, volume: a.volume.metadata.name }, "provisioned a local volume");
        break;
      case "updateVolume":
        await ctx.store.update(a.volume);
        break;
      case "updateClaim":
        await ctx.store.update(a.claim);
        if (a.claim.status?.phase === "Bound" && claim.status?.phase !== "Bound") ctx.log.info({ claim: `${namespace}/${name}`, volume: a.claim.spec.volumeName }, "claim bound");
        break;
      case "event":
        ctx.events.record(claim, a.eventType, a.reason, a.message);
        break;
    }
  }
}

export async function reconcileVolume(name: string, ctx: ReconcileContext): Promise<void> {
  const pv = ctx.informers.for<PersistentVolume>("PersistentVolume").get(name);
  if (!pv) return;
  const ref = pv.spec.claimRef;
  const claim = ref?.name ? ctx.informers.for<PersistentVolumeClaim>("PersistentVolumeClaim").get(`${ref.namespace ?? "default"}/${ref.name}`) : undefined;
  const action = planVolume(pv, claim, ctx.now());
  if (action.type === "updateVolume") {
    await ctx.store.update(action.volume);
    if (action.event) ctx.events.record(pv, action.event.eventType, action.event.reason, action.event.message);
  } else if (action.type === "deleteVolume") {
    try {
      await ctx.store.delete({ kind: "PersistentVolume", name }, pv.metadata.resourceVersion);
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
    }
    ctx.log.info({ volume: name, claim: `${ref?.namespace}/${ref?.name}` }, "deleted a released volume (reclaim policy Delete); its node's agent removes the Docker volume");
  }
}
