// The labels on a StatefulSet's pods (Kubernetes' names) and the annotation in which skiff keeps a
// set's current template (it has no ControllerRevision kind; server/src/controllers/statefulset/
// README.md, "Revisions").
import type { PodTemplateSpec } from "../types.js";

/** On each pod: the revision it was made from, `<set>-<hash>`. */
export const CONTROLLER_REVISION_HASH_LABEL = "controller-revision-hash";
/** On each pod: its own name, so that a Service can select exactly one pod. */
export const STATEFULSET_POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
/** On the StatefulSet: the template of `status.currentRevision`, as JSON. */
export const CURRENT_TEMPLATE_ANNOTATION = "skiff.dev/current-template";

/** The revision a pod was made from, if it carries one. */
export function controllerRevisionOf(pod: { metadata: { labels?: Record<string, string> } }): string | undefined {
  return pod.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL];
}

export function formatCurrentTemplate(template: PodTemplateSpec): string {
  return JSON.stringify(template);
}

/** The template kept in the annotation, if it is there and readable. */
export function readCurrentTemplate(set: { metadata: { annotations?: Record<string, string> } }): PodTemplateSpec | undefined {
  const raw = set.metadata.annotations?.[CURRENT_TEMPLATE_ANNOTATION];
  if (raw === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed && typeof parsed === "object" && "spec" in parsed ? (parsed as PodTemplateSpec) : undefined;
  } catch {
    return undefined;
  }
}
