// Cells shared by the controllers that own pods: READY as ready/desired, and the template's
// containers and images (kubectl's layoutContainerCells).
import type { PodTemplateSpec } from "../types.js";
import { labelString } from "./labels.js";

/** `2/3`: ready replicas over the desired count, which defaults to 1 (Deployment, StatefulSet). */
export function replicasReady(w: { spec?: { replicas?: number }; status?: { readyReplicas?: number } }): string {
  return `${w.status?.readyReplicas ?? 0}/${desiredReplicas(w)}`;
}

/** `spec.replicas`, defaulted to 1 as the API server does. */
export function desiredReplicas(w: { spec?: { replicas?: number } }): number {
  return w.spec?.replicas ?? 1;
}

/** `web,sidecar`: the template's container names, comma-separated (empty when none). */
export function containerNames(template: PodTemplateSpec | undefined): string {
  return (template?.spec?.containers ?? []).map((c) => c.name).join(",");
}

/** `nginx:1.27,envoy:1.30`: their images, in the same order. */
export function containerImages(template: PodTemplateSpec | undefined): string {
  return (template?.spec?.containers ?? []).map((c) => c.image).join(",");
}

/** DATA: how many keys a ConfigMap (`data`, `binaryData`) or a Secret (`data`, unmerged `stringData`) holds. */
export function dataCount(obj: { data?: unknown; binaryData?: unknown; stringData?: unknown }): number {
  const keys = (m: unknown) => (m && typeof m === "object" ? Object.keys(m).length : 0);
  return keys(obj.data) + keys(obj.binaryData) + keys(obj.stringData);
}

/** NODE SELECTOR of a DaemonSet: the template's nodeSelector as kubectl prints it (`disk=ssd`, or <none>). */
export function nodeSelectorString(template: PodTemplateSpec | undefined): string {
  return labelString(template?.spec?.nodeSelector);
}

/** CONTROLLER of a ControllerRevision, as kubectl prints it: `daemonset.apps/logs`, or <none>. */
export function revisionController(r: { metadata: { ownerReferences?: { kind: string; apiVersion: string; name: string; controller?: boolean }[] } }): string {
  const ref = r.metadata.ownerReferences?.find((o) => o.controller);
  if (!ref) return "<none>";
  const group = ref.apiVersion.includes("/") ? `.${ref.apiVersion.split("/")[0]}` : "";
  return `${ref.kind.toLowerCase()}${group}/${ref.name}`;
}
