// Every label and annotation key skiff writes or reads, each defined once with its parser and
// formatter beside it (STYLE.md rule 15). Kubernetes' own keys keep Kubernetes' names and formats,
// so kubectl and client libraries read skiff's objects as their own; skiff's own start `skiff.dev/`.
//
//   nodes.ts           kubernetes.io/hostname|os|arch, node roles, skiff.dev/agent-endpoint, skiff.dev/node-index
//   deployments.ts     deployment.kubernetes.io/revision (and -history, desired-, max-replicas),
//                      kubernetes.io/change-cause, pod-template-hash, kubectl.kubernetes.io/restartedAt
//   statefulsets.ts    controller-revision-hash, statefulset.kubernetes.io/pod-name, skiff.dev/current-template
//   daemonsets.ts      pod-template-generation, the tolerations every daemon pod gets (node.kubernetes.io/*)
//   jobs.ts            batch.kubernetes.io/controller-uid|job-name|job-completion-index (and the legacy
//                      controller-uid, job-name), cronjob-scheduled-timestamp, the generated Job selector
//   scheduling.ts      skiff.dev/scheduling (the scheduler's decision, for `describe pod`)
//   endpoint-ports.ts  skiff.dev/endpoint-ports (where each endpoint is published on its node)
//   storage.ts         the default StorageClass, volume.kubernetes.io/selected-node, pv.kubernetes.io/*,
//                      skiff.dev/volume-source (what an agent mounts for a claim)

export * from "./nodes.js";
export * from "./deployments.js";
export * from "./statefulsets.js";
export * from "./daemonsets.js";
export * from "./jobs.js";
export * from "./scheduling.js";
export * from "./endpoint-ports.js";
export * from "./storage.js";

/** Annotation prefixes the control plane writes: a user's manifest never removes them (`apply`). */
export const CONTROL_PLANE_ANNOTATION_PREFIXES = ["deployment.kubernetes.io/", "skiff.dev/", "pv.kubernetes.io/", "volume.kubernetes.io/"] as const;

export function isControlPlaneAnnotation(key: string): boolean {
  return CONTROL_PLANE_ANNOTATION_PREFIXES.some((p) => key.startsWith(p));
}
