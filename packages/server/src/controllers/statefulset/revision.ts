// Revisions: which pod template a pod was made from. Kubernetes keeps every template of a
// StatefulSet in ControllerRevision objects and labels each pod with the name of its revision.
// skiff has no ControllerRevision kind, so it keeps the one old template it needs in an
// annotation on the StatefulSet itself (see README.md, "Revisions"). Pure.
import { canonicalJson } from "@skiff/api";
import { createHash } from "node:crypto";
import type { PodTemplateSpec, StatefulSet } from "@skiff/api";

/** On each pod: the revision it was made from, `<set>-<hash>` (Kubernetes' label). */
export const REVISION_LABEL = "controller-revision-hash";
/** On each pod: its own name, so that a Service can select exactly one pod (Kubernetes' label). */
export const POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
/** On the StatefulSet: the template of `status.currentRevision`, as JSON. */
export const CURRENT_TEMPLATE_ANNOTATION = "skiff.dev/current-template";


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

/** The template kept in the annotation, if it is there and readable. */
export function storedCurrentTemplate(set: StatefulSet): PodTemplateSpec | undefined {
  const raw = set.metadata.annotations?.[CURRENT_TEMPLATE_ANNOTATION];
  if (raw === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed && typeof parsed === "object" && "spec" in parsed ? (parsed as PodTemplateSpec) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The current and update revisions. A set seen for the first time (or whose annotation was
 * lost) has only one: its spec's template, as Kubernetes does when the current revision's
 * ControllerRevision is gone.
 */
export function revisionsOf(set: StatefulSet): Revisions {
  const update = { name: revisionName(set, set.spec.template), template: set.spec.template };
  const stored = storedCurrentTemplate(set);
  const current = stored ? { name: revisionName(set, stored), template: stored } : update;
  return { current, update };
}

export function revisionOf(pod: { metadata: { labels?: Record<string, string> } }): string | undefined {
  return pod.metadata.labels?.[REVISION_LABEL];
}
