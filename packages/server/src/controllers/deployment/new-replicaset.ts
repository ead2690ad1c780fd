// Which ReplicaSet is "new" (its template is the Deployment's), creating it when asked, and
// keeping revisions in order (Kubernetes' getAllReplicaSetsAndSyncRevision).
//
// Revisions: each ReplicaSet carries `deployment.kubernetes.io/revision`; the new one always
// has the highest, max(old revisions) + 1. A template that comes back (`rollout undo` copies an
// old ReplicaSet's template into the Deployment) finds its old ReplicaSet by template, which
// then takes the next revision, its previous ones kept in `revision-history`. The Deployment
// carries its new ReplicaSet's revision.
import type { Deployment, ReplicaSet } from "@skiff/api";
import { controllerRef } from "../owners.js";
import { PROGRESSING, Reason, condition, getCondition, setCondition } from "./conditions.js";
import { POD_TEMPLATE_HASH, computeHash, equalIgnoringHash } from "./hash.js";
import { DESIRED_REPLICAS, MAX_REPLICAS, REVISION, REVISION_HISTORY, maxSurge, replicasOf, revisionOf } from "./replicas.js";
import { newReplicasFor } from "./rolling.js";
import { byCreation, updateRS, type Rollout } from "./rollout.js";

/** The oldest ReplicaSet whose template equals the Deployment's is new; the rest are old. */
export function splitNewAndOld(d: Deployment, rss: readonly ReplicaSet[]): { newRS?: ReplicaSet; oldRSs: ReplicaSet[] } {
  const sorted = [...rss].sort(byCreation);
  const newRS = sorted.find((rs) => equalIgnoringHash(rs.spec.template, d.spec.template));
  return { newRS, oldRSs: sorted.filter((rs) => rs !== newRS) };
}

export function syncRevision(r: Rollout, createIfMissing: boolean, newUid: () => string): void {
  const d = r.deployment;
  const next = Math.max(0, ...r.oldRSs.map(revisionOf)) + 1;
  const status = (d.status ??= {});
  if (r.newRS) {
    const rs = r.newRS;
    const minReady = d.spec.minReadySeconds ?? 0;
    if (revisionOf(rs) < next || (rs.spec.minReadySeconds ?? 0) !== minReady) {
      updateRS(r, rs, (copy) => {
        const old = revisionOf(rs);
        if (old < next) {
          const history = [copy.metadata.annotations?.[REVISION_HISTORY], old > 0 ? String(old) : undefined].filter(Boolean).join(",");
          copy.metadata.annotations = { ...copy.metadata.annotations, [REVISION]: String(next), ...(history ? { [REVISION_HISTORY]: history } : {}) };
        }
        if ((copy.spec.minReadySeconds ?? 0) !== minReady) {
          copy.spec.minReadySeconds = minReady;
          copy.metadata.generation = (copy.metadata.generation ?? 0) + 1;
        }
      });
    }
    setRevision(d, revisionOf(r.newRS ?? rs));
    if (!getCondition(status, PROGRESSING)) {
      setCondition(status, condition(PROGRESSING, "True", Reason.FoundNewReplicaSet, `Found new replica set "${rs.metadata.name}"`, r.now));
    }
    return;
  }
  if (!createIfMissing) return;
  const rs = newReplicaSet(d, next, newReplicasFor(d, r.oldRSs, undefined), r.now, newUid());
  r.newRS = rs;
  r.created = rs;
  setRevision(d, next);
  const replicas = rs.spec.replicas ?? 0;
  if (replicas > 0) r.events.push({ type: "Normal", reason: "ScalingReplicaSet", message: `Scaled up replica set ${rs.metadata.name} to ${replicas}` });
  setCondition(status, condition(PROGRESSING, "True", Reason.NewReplicaSetCreated, `Created new replica set "${rs.metadata.name}"`, r.now));
}

function setRevision(d: Deployment, revision: number): void {
  if (revisionOf(d) === revision) return;
  d.metadata.annotations = { ...d.metadata.annotations, [REVISION]: String(revision) };
}

/** `<deployment>-<hash>`, the hash on its selector, template labels and name. */
export function newReplicaSet(d: Deployment, revision: number, replicas: number, now: Date, uid: string): ReplicaSet {
  const hash = computeHash(d.spec.template, d.status?.collisionCount);
  const template = structuredClone(d.spec.template);
  template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, [POD_TEMPLATE_HASH]: hash } };
  return {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: {
      name: `${d.metadata.name}-${hash}`,
      namespace: d.metadata.namespace,
      labels: { ...template.metadata.labels },
      annotations: {
        [REVISION]: String(revision),
        [DESIRED_REPLICAS]: String(replicasOf(d)),
        [MAX_REPLICAS]: String(replicasOf(d) + maxSurge(d)),
      },
      uid,
      generation: 1,
      creationTimestamp: now.toISOString(),
      ownerReferences: [controllerRef(d)],
    },
    spec: {
      replicas,
      minReadySeconds: d.spec.minReadySeconds ?? 0,
      selector: { ...d.spec.selector, matchLabels: { ...d.spec.selector.matchLabels, [POD_TEMPLATE_HASH]: hash } },
      template,
    },
    status: { replicas: 0 },
  };
}
