// A DaemonSet's or a StatefulSet's history: one ControllerRevision per template it has had
// (Kubernetes' constructHistory and cleanupHistory in pkg/controller/daemon/update.go, and the
// StatefulSet controller's history in pkg/controller/statefulset). Pure.
//
//   the current template has no revision      -> create `<ds>-<hash>`, numbered after the newest
//   it has one, but an older number            -> renumber it newest (a `rollout undo` went back)
//   more old revisions than revisionHistoryLimit -> delete the oldest, never one a live pod still uses
//
// The data is what Kubernetes stores, a patch that puts the template back (@skiff/api's
// controller-revision.ts), so `kubectl rollout undo` reads it too.
import { CHANGE_CAUSE_ANNOTATION, CONTROLLER_REVISION_HASH_LABEL, templateRevisionData, type ControllerRevision, type DaemonSet, type StatefulSet } from "@skiff/api";
import { controllerRef } from "../owners.js";

export interface HistoryPlan {
  create?: ControllerRevision;
  update: ControllerRevision[];
  delete: ControllerRevision[];
}

/** The workloads whose templates are kept as ControllerRevisions. */
export type Versioned = DaemonSet | StatefulSet;

export function revisionName(ds: Versioned, hash: string): string {
  return `${ds.metadata.name}-${hash}`;
}

const hashOf = (r: ControllerRevision) => r.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL];

function newRevision(ds: Versioned, hash: string, revision: number, now: Date): ControllerRevision {
  // Kubernetes copies the DaemonSet's annotations; the change-cause is the one `rollout history` shows.
  const cause = ds.metadata.annotations?.[CHANGE_CAUSE_ANNOTATION];
  return {
    apiVersion: "apps/v1",
    kind: "ControllerRevision",
    metadata: {
      name: revisionName(ds, hash),
      namespace: ds.metadata.namespace,
      labels: { ...ds.spec.template.metadata?.labels, [CONTROLLER_REVISION_HASH_LABEL]: hash },
      ...(cause !== undefined ? { annotations: { [CHANGE_CAUSE_ANNOTATION]: cause } } : {}),
      creationTimestamp: now.toISOString(),
      ownerReferences: [controllerRef(ds)],
    },
    data: templateRevisionData(ds.spec.template),
    revision,
  };
}

/** `revisions` are the ones the workload controls; `liveHashes` the template hashes its pods were made from. */
export function planHistory(ds: Versioned, revisions: readonly ControllerRevision[], hash: string, liveHashes: ReadonlySet<string>, now: Date): HistoryPlan {
  const plan: HistoryPlan = { update: [], delete: [] };
  const current = revisions.filter((r) => hashOf(r) === hash).sort((a, b) => b.revision - a.revision);
  const old = revisions.filter((r) => hashOf(r) !== hash);
  const next = Math.max(0, ...old.map((r) => r.revision)) + 1;
  const [keep, ...duplicates] = current;
  if (!keep) plan.create = newRevision(ds, hash, next, now);
  else if (keep.revision < next) plan.update.push({ ...keep, revision: next });
  plan.delete.push(...duplicates);
  const limit = ds.spec.revisionHistoryLimit ?? 10;
  let excess = old.length - limit;
  for (const r of [...old].sort((a, b) => a.revision - b.revision)) {
    if (excess <= 0) break;
    if (liveHashes.has(hashOf(r) ?? "")) continue;
    plan.delete.push(r);
    excess--;
  }
  return plan;
}
