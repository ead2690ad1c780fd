// Which template a daemon pod was made from. Kubernetes labels each pod with the hash of its
// template (controller-revision-hash, also the name suffix of the ControllerRevision that stores
// it) and with the DaemonSet's generation at the time (pod-template-generation, deprecated but
// still read): a pod is up to date when either matches (IsPodUpdated). Pure.
import { createHash } from "node:crypto";
import { canonicalJson, CONTROLLER_REVISION_HASH_LABEL, POD_TEMPLATE_GENERATION_LABEL, type DaemonSet, type Pod, type PodTemplateSpec } from "@skiff/api";

/** 10 hex digits of the template's hash: the value of the pods' controller-revision-hash label. */
export function templateHash(template: PodTemplateSpec): string {
  return createHash("sha256").update(canonicalJson(template)).digest("hex").slice(0, 10);
}

/** Made from the DaemonSet's current template. */
export function isUpdated(pod: Pod, ds: DaemonSet, hash: string): boolean {
  const labels = pod.metadata.labels ?? {};
  if (labels[CONTROLLER_REVISION_HASH_LABEL] === hash) return true;
  const generation = ds.metadata.generation;
  return generation !== undefined && labels[POD_TEMPLATE_GENERATION_LABEL] === String(generation);
}
