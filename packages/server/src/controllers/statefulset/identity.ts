// A StatefulSet pod's identity: a stable name `<set>-<ordinal>`, a stable hostname inside the
// set's Service (`<pod>.<serviceName>`), and stable storage: one volume per claim template,
// named `<claim>-<set>-<ordinal>` (the name Kubernetes gives the PersistentVolumeClaim). A pod
// that is replaced gets the same three back. Pure.
import type { Pod, PodSpec, StatefulSet, Volume } from "@skiff/api";
import { controllerRef } from "../owners.js";
import { POD_NAME_LABEL, REVISION_LABEL, type Revision } from "./revision.js";

export function podName(set: StatefulSet, ordinal: number): string {
  return `${set.metadata.name}-${ordinal}`;
}

/** The ordinal in a pod's name, or undefined when the name is not `<set>-<non-negative integer>`. */
export function ordinalOf(set: StatefulSet, pod: Pod): number | undefined {
  const prefix = `${set.metadata.name}-`;
  const name = pod.metadata.name;
  if (!name.startsWith(prefix)) return undefined;
  const rest = name.slice(prefix.length);
  return /^(0|[1-9][0-9]*)$/.test(rest) ? Number(rest) : undefined;
}

/** The volume name a replica's claim gets: `<claim>-<set>-<ordinal>`, e.g. `data-web-0`. */
export function claimName(set: StatefulSet, claim: string, ordinal: number): string {
  return `${claim}-${podName(set, ordinal)}`;
}

/**
 * One volume per claim template, referring to this replica's own claim; a volume of the
 * template with the same name is replaced, as Kubernetes does.
 */
function withClaims(set: StatefulSet, spec: PodSpec, ordinal: number): Volume[] | undefined {
  const claims = (set.spec.volumeClaimTemplates ?? []).map((c) => c.metadata.name);
  if (claims.length === 0) return spec.volumes;
  const kept = (spec.volumes ?? []).filter((v) => !claims.includes(v.name));
  return [...kept, ...claims.map((name) => ({ name, persistentVolumeClaim: { claimName: claimName(set, name, ordinal) } }))];
}

/** The pod for `ordinal`, made from `revision`'s template. uid and creationTimestamp are the writer's. */
export function newPod(set: StatefulSet, revision: Revision, ordinal: number): Pod {
  const name = podName(set, ordinal);
  const template = revision.template;
  const spec: PodSpec = { ...structuredClone(template.spec), hostname: name };
  if (set.spec.serviceName) spec.subdomain = set.spec.serviceName;
  const volumes = withClaims(set, spec, ordinal);
  if (volumes) spec.volumes = volumes;
  const pod: Pod = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: set.metadata.namespace,
      labels: { ...template.metadata?.labels, [POD_NAME_LABEL]: name, [REVISION_LABEL]: revision.name },
      ownerReferences: [controllerRef(set)],
    },
    spec,
  };
  if (template.metadata?.annotations) pod.metadata.annotations = { ...template.metadata.annotations };
  return pod;
}
