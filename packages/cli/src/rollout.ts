// The pure part of `rollout history`, `undo` and `restart`, as kubectl computes them: a
// Deployment's revisions are its ReplicaSets (annotation deployment.kubernetes.io/revision), and
// undoing is copying an old ReplicaSet's pod template back into the Deployment.
import { isDeepStrictEqual } from "node:util";
import {
  CHANGE_CAUSE_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  RESTARTED_AT_ANNOTATION,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  revisionOf,
  withoutTemplateHash,
  type ApiObject,
  type Deployment,
  type PodTemplateSpec,
  type ReplicaSet,
} from "@skiff/api";
import { UserError } from "./errors.js";

export interface Revision {
  revision: number;
  changeCause?: string;
  replicaSet: ReplicaSet;
}

/** The Deployment's revisions, oldest first (ReplicaSets without a revision are not history). */
export function revisions(replicaSets: readonly ReplicaSet[]): Revision[] {
  const byNumber = new Map<number, Revision>();
  for (const rs of replicaSets) {
    const revision = revisionOf(rs);
    if (revision === 0) continue;
    byNumber.set(revision, { revision, changeCause: rs.metadata.annotations?.[CHANGE_CAUSE_ANNOTATION], replicaSet: rs });
  }
  return [...byNumber.values()].sort((a, b) => a.revision - b.revision);
}

/** kubectl's history table: REVISION and CHANGE-CAUSE, two spaces apart (its tabwriter). */
export function historyTable(history: readonly { revision: number; changeCause?: string }[]): string {
  const rows = [["REVISION", "CHANGE-CAUSE"], ...history.map((h) => [String(h.revision), h.changeCause || "<none>"])];
  const width = Math.max(...rows.map((r) => (r[0] ?? "").length));
  return rows.map(([rev = "", cause = ""]) => `${rev.padEnd(width)}  ${cause}`.trimEnd() + "\n").join("");
}

/**
 * The revision `rollout undo` goes back to: `toRevision` when given (> 0), else the one before the
 * current (the highest below the Deployment's revision). UserError, in kubectl's words, when none.
 */
export function undoTarget(deployment: Deployment, replicaSets: readonly ReplicaSet[], toRevision = 0): Revision {
  const history = revisions(replicaSets);
  if (toRevision > 0) {
    const found = history.find((h) => h.revision === toRevision);
    if (!found) throw new UserError(`unable to find specified revision ${toRevision} in history`);
    return found;
  }
  const current = revisionOf(deployment) || (history.at(-1)?.revision ?? 0);
  const previous = history.filter((h) => h.revision < current).at(-1);
  if (!previous) throw new UserError(`no rollout history found for deployment "${deployment.metadata.name}"`);
  return previous;
}

/** Whether two templates are the same but for the hash label (kubectl's EqualIgnoreHash). */
export function sameTemplate(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  if (!a || !b) return a === b;
  return isDeepStrictEqual(normalize(withoutTemplateHash(a)), normalize(withoutTemplateHash(b)));
}

/** Empty label and annotation maps mean the same as absent ones. */
function normalize(t: PodTemplateSpec): PodTemplateSpec {
  const m = { ...t.metadata };
  if (m.labels && Object.keys(m.labels).length === 0) delete m.labels;
  if (m.annotations && Object.keys(m.annotations).length === 0) delete m.annotations;
  return Object.keys(m).length ? { ...t, metadata: m } : { spec: t.spec };
}

/** The Deployment's own annotations that a rollback keeps (kubectl's annotationsToSkip). */
const KEPT_ON_ROLLBACK = new Set([
  "kubectl.kubernetes.io/last-applied-configuration",
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  "deprecated.deployment.rollback.to",
]);

/**
 * The Deployment rolled back to `rs`: its template (without the hash label), and, as kubectl does,
 * the ReplicaSet's annotations (the change-cause) in place of the Deployment's, bar the controller's.
 */
export function rolledBack(deployment: Deployment, rs: ReplicaSet): Deployment {
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(deployment.metadata.annotations ?? {})) if (KEPT_ON_ROLLBACK.has(k)) annotations[k] = v;
  for (const [k, v] of Object.entries(rs.metadata.annotations ?? {})) if (!KEPT_ON_ROLLBACK.has(k)) annotations[k] = v;
  return {
    ...deployment,
    metadata: { ...deployment.metadata, annotations },
    spec: { ...deployment.spec, template: withoutTemplateHash(rs.spec.template) },
  };
}

/** RFC 3339 in UTC, to the second, as Go's time.RFC3339 prints it. */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

type WithTemplate = ApiObject<{ template?: PodTemplateSpec }>;

/** The object with its template annotated `kubectl.kubernetes.io/restartedAt: <now>`. */
export function restarted<T extends WithTemplate>(obj: T, now: number): T {
  const template = obj.spec?.template;
  if (!template) throw new UserError(`${obj.kind} "${obj.metadata.name}" has no pod template`);
  const metadata = { ...template.metadata, annotations: { ...template.metadata?.annotations, [RESTARTED_AT_ANNOTATION]: rfc3339(now) } };
  return { ...obj, spec: { ...obj.spec, template: { ...template, metadata } } };
}
