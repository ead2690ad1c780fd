// The annotations and the label a Deployment's rollouts are recorded in, with Kubernetes' names
// (its deployment/util), so kubectl reads skiff's history as its own. The Deployment controller
// writes them (server/src/controllers/deployment/); `rollout history|undo|status` reads them.
//
//   Deployment   deployment.kubernetes.io/revision: "3"            the newest ReplicaSet's revision
//   ReplicaSet   deployment.kubernetes.io/revision: "3"            which rollout made it
//                deployment.kubernetes.io/revision-history: "1,2"  earlier revisions it stood for
//                deployment.kubernetes.io/desired-replicas: "5"    the Deployment's replicas then
//                deployment.kubernetes.io/max-replicas: "7"        replicas + maxSurge then
//                kubernetes.io/change-cause: "..."                 copied from the Deployment
//   template     pod-template-hash: "5d8f9c7b4"                    the template's hash (label)
import type { PodTemplateSpec } from "../types.js";

export const REVISION_ANNOTATION = "deployment.kubernetes.io/revision";
export const REVISION_HISTORY_ANNOTATION = "deployment.kubernetes.io/revision-history";
/** The Deployment's replicas when it last sized this ReplicaSet: a difference means "scaling". */
export const DESIRED_REPLICAS_ANNOTATION = "deployment.kubernetes.io/desired-replicas";
/** replicas + maxSurge at that time: the base of proportional scaling. */
export const MAX_REPLICAS_ANNOTATION = "deployment.kubernetes.io/max-replicas";
/** Why a revision was made (set by the user or kubectl), copied from the Deployment to its ReplicaSet. */
export const CHANGE_CAUSE_ANNOTATION = "kubernetes.io/change-cause";
/** The label the Deployment controller adds to each ReplicaSet's template, selector and pods. */
export const POD_TEMPLATE_HASH_LABEL = "pod-template-hash";
/** The template annotation `rollout restart` sets: a new template, hence a new rollout. */
export const RESTARTED_AT_ANNOTATION = "kubectl.kubernetes.io/restartedAt";

type Annotated = { metadata: { annotations?: Record<string, string> } };

/** A decimal integer >= 0 in `key`, or undefined when absent or not one (Kubernetes' getIntFromAnnotation). */
export function intAnnotation(obj: Annotated, key: string): number | undefined {
  const raw = obj.metadata.annotations?.[key];
  return raw !== undefined && /^\d{1,15}$/.test(raw) ? Number(raw) : undefined;
}

/** An object's revision (a positive integer), or 0 when it has none or not a number. */
export function revisionOf(obj: Annotated): number {
  return intAnnotation(obj, REVISION_ANNOTATION) ?? 0;
}

/**
 * The template without the pod-template-hash label: what a Deployment's template looks like, and
 * what a ReplicaSet's template was made from. Returns `template` itself when there is no such label.
 */
export function withoutTemplateHash(template: PodTemplateSpec): PodTemplateSpec {
  const labels = template.metadata?.labels;
  if (!labels || !(POD_TEMPLATE_HASH_LABEL in labels)) return template;
  const { [POD_TEMPLATE_HASH_LABEL]: _hash, ...rest } = labels;
  return { ...template, metadata: { ...template.metadata, labels: rest } };
}
