// Revisions: which pod template a pod was made from. Kubernetes keeps every template of a
// StatefulSet in ControllerRevision objects and labels each pod with the name of its revision;
// skiff keeps them too (for history and undo), and the rollout reads the one old template it
// needs from an annotation on the StatefulSet itself (see README.md, "Revisions"). Pure.
import { createHash } from "node:crypto";
import { canonicalJson, readCurrentTemplate, type PodTemplateSpec, type StatefulSet } from "@skiff/api";

// The labels and the annotation, with their parsers, are @skiff/api's (well-known/statefulsets.ts).
export {
  CONTROLLER_REVISION_HASH_LABEL as REVISION_LABEL,
  STATEFULSET_POD_NAME_LABEL as POD_NAME_LABEL,
  CURRENT_TEMPLATE_ANNOTATION,
  controllerRevisionOf as revisionOf,
} from "@skiff/api";

/** `<set>-<10 hex digits of the template's hash>`: the revision a template stands for. */
export function revisionName(set: StatefulSet, template: PodTemplateSpec): string {
  const hash = createHash("sha256").update(canonicalJson(template)).digest("hex").slice(0, 10);
  return `${set.metadata.name}-${hash}`;
}

export interface Revision {
  name: string;
  template: PodTemplateSpec;
}

export interface Revisions {
  /** What pods below the partition keep, until a rollout completes. */
  current: Revision;
  /** What the spec asks for now. */
  update: Revision;
}

/**
 * The current and update revisions. A set seen for the first time (or whose annotation was
 * lost) has only one: its spec's template, as Kubernetes does when the current revision's
 * ControllerRevision is gone.
 */
export function revisionsOf(set: StatefulSet): Revisions {
  const update = { name: revisionName(set, set.spec.template), template: set.spec.template };
  const stored = readCurrentTemplate(set);
  const current = stored ? { name: revisionName(set, stored), template: stored } : update;
  return { current, update };
}
