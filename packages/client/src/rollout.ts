// Whether a rollout has finished, in kubectl's words (kubectl's DeploymentStatusViewer,
// StatefulSetStatusViewer and DaemonSetStatusViewer): pure functions of the object, and `rolloutStatus`, which follows the
// object by watch and yields each new status until the rollout is done.
import { lookupKind, revisionOf, SkiffError, type ApiObject, type DaemonSet, type Deployment, type StatefulSet } from "@skiff/api";
import type { SkiffClient } from "./client.js";
import { followObject, type FollowOptions } from "./follow.js";

/** The Progressing condition's reason when the controller gave up waiting (status False). */
export const PROGRESS_DEADLINE_EXCEEDED = "ProgressDeadlineExceeded";

/** The rollout cannot finish as things are (its progress deadline passed, a wrong revision). */
export class RolloutError extends SkiffError {
  readonly code = "FAILED_PRECONDITION";
}

export interface RolloutStatus {
  /** One line, without a newline: `Waiting for deployment "web" rollout to finish: ...`. */
  message: string;
  done: boolean;
}

/**
 * kubectl's DeploymentStatusViewer. Done when the controller has seen the latest spec and every
 * replica is updated, none old is left, and every updated one is available. `revision` (> 0)
 * requires the Deployment to be at that revision. Throws RolloutError when the progress deadline passed.
 */
export function deploymentStatus(d: Deployment, revision = 0): RolloutStatus {
  const name = d.metadata.name;
  if (revision > 0) {
    const current = revisionOf(d);
    if (current === 0) throw new RolloutError(`cannot get the revision of deployment "${name}"`);
    if (current !== revision) throw new RolloutError(`desired revision (${revision}) is different from the running revision (${current})`);
  }
  const st = d.status ?? {};
  if ((d.metadata.generation ?? 0) > (st.observedGeneration ?? 0)) {
    return { message: "Waiting for deployment spec update to be observed...", done: false };
  }
  const progressing = st.conditions?.find((c) => c.type === "Progressing");
  if (progressing?.reason === PROGRESS_DEADLINE_EXCEEDED) throw new RolloutError(`deployment "${name}" exceeded its progress deadline`);
  const waiting = `Waiting for deployment "${name}" rollout to finish: `;
  const replicas = d.spec?.replicas ?? 1;
  const updated = st.updatedReplicas ?? 0;
  const total = st.replicas ?? 0;
  const available = st.availableReplicas ?? 0;
  if (updated < replicas) return { message: `${waiting}${updated} out of ${replicas} new replicas have been updated...`, done: false };
  if (total > updated) return { message: `${waiting}${total - updated} old replicas are pending termination...`, done: false };
  if (available < updated) return { message: `${waiting}${available} of ${updated} updated replicas are available...`, done: false };
  return { message: `deployment "${name}" successfully rolled out`, done: true };
}

/** kubectl's StatefulSetStatusViewer (RollingUpdate only: OnDelete has no end to wait for). */
export function statefulSetStatus(s: StatefulSet): RolloutStatus {
  const strategy = s.spec?.updateStrategy;
  if ((strategy?.type ?? "RollingUpdate") !== "RollingUpdate") {
    throw new RolloutError("rollout status is only available for RollingUpdate strategy type");
  }
  const st = s.status;
  const observed = st?.observedGeneration ?? 0;
  if (observed === 0 || (s.metadata.generation ?? 0) > observed) {
    return { message: "Waiting for statefulset spec update to be observed...", done: false };
  }
  const replicas = s.spec?.replicas ?? 1;
  const ready = st?.readyReplicas ?? 0;
  if (ready < replicas) return { message: `Waiting for ${replicas - ready} pods to be ready...`, done: false };
  const updated = st?.updatedReplicas ?? 0;
  const partition = strategy?.rollingUpdate?.partition;
  if (partition !== undefined) {
    if (updated < replicas - partition) {
      return { message: `Waiting for partitioned roll out to finish: ${updated} out of ${replicas - partition} new pods have been updated...`, done: false };
    }
    return { message: `partitioned roll out complete: ${updated} new pods have been updated...`, done: true };
  }
  if (st?.updateRevision !== st?.currentRevision) {
    return { message: `waiting for statefulset rolling update to complete ${updated} pods at revision ${st?.updateRevision ?? ""}...`, done: false };
  }
  return { message: `statefulset rolling update complete ${st?.currentReplicas ?? 0} pods at revision ${st?.currentRevision ?? ""}...`, done: true };
}

/** kubectl's DaemonSetStatusViewer (RollingUpdate only): every desired node has an updated, available pod. */
export function daemonSetStatus(d: DaemonSet): RolloutStatus {
  if ((d.spec?.updateStrategy?.type ?? "RollingUpdate") !== "RollingUpdate") {
    throw new RolloutError("rollout status is only available for RollingUpdate strategy type");
  }
  const st = d.status;
  if ((d.metadata.generation ?? 0) > (st?.observedGeneration ?? 0)) {
    return { message: "Waiting for daemon set spec update to be observed...", done: false };
  }
  const name = d.metadata.name;
  const desired = st?.desiredNumberScheduled ?? 0;
  const updated = st?.updatedNumberScheduled ?? 0;
  const available = st?.numberAvailable ?? 0;
  const waiting = `Waiting for daemon set "${name}" rollout to finish: `;
  if (updated < desired) return { message: `${waiting}${updated} out of ${desired} new pods have been updated...`, done: false };
  if (available < desired) return { message: `${waiting}${available} of ${desired} updated pods are available...`, done: false };
  return { message: `daemon set "${name}" successfully rolled out`, done: true };
}

/** The status viewer for a kind, or undefined when kubectl has none for it (ReplicaSet, Pod...). */
export function statusViewer(kind: string): ((obj: ApiObject, revision?: number) => RolloutStatus) | undefined {
  kind = lookupKind(kind)?.kind ?? kind;
  if (kind === "Deployment") return (o, revision) => deploymentStatus(o as Deployment, revision);
  if (kind === "StatefulSet") return (o) => statefulSetStatus(o as StatefulSet);
  if (kind === "DaemonSet") return (o) => daemonSetStatus(o as DaemonSet);
  return undefined;
}

export interface RolloutStatusOptions extends FollowOptions {
  /** Deployments only: require this revision (kubectl's --revision). */
  revision?: number;
}

/**
 * The rollout's status now, then after each change to the object, ending after the first that is
 * done. Watch-based: no polling. Throws RolloutError (deadline exceeded), NotFoundError (deleted).
 */
export async function* rolloutStatus(client: SkiffClient, kind: string, name: string, options: RolloutStatusOptions = {}): AsyncGenerator<RolloutStatus, void, undefined> {
  const view = statusViewer(kind);
  if (!view) throw new RolloutError(`no status viewer has been implemented for ${kind}`);
  for await (const obj of followObject(client, kind, name, options)) {
    const status = view(obj, options.revision);
    yield status;
    if (status.done) return;
  }
}
