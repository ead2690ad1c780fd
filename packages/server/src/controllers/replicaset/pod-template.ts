// A new pod from a ReplicaSet's template (Kubernetes' GetPodFromTemplate). Pure but for the
// random name suffix and uid, which come in as inputs.
import type { Pod, ReplicaSet } from "@skiff/api";
import { controllerRef } from "../owners.js";

// Kubernetes' generateName alphabet: no vowels (no accidental words), no 0/1/3 (look like o/l/e).
const ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

/** `<base>-<5 random characters>`, as Kubernetes' generateName does for a ReplicaSet's pods. */
export function generateName(base: string, random: () => number = Math.random): string {
  let suffix = "";
  for (let i = 0; i < 5; i++) suffix += ALPHABET[Math.floor(random() * ALPHABET.length)] ?? "x";
  // A pod name is at most 63 characters (DNS label): trim the base, as Kubernetes does.
  return `${base.slice(0, 63 - 6)}-${suffix}`;
}

export function podFromTemplate(rs: ReplicaSet, name: string, uid: string, now: Date): Pod {
  const meta = rs.spec.template.metadata ?? {};
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: rs.metadata.namespace,
      ...(meta.labels ? { labels: { ...meta.labels } } : {}),
      ...(meta.annotations ? { annotations: { ...meta.annotations } } : {}),
      uid,
      creationTimestamp: now.toISOString(),
      generation: 1,
      ownerReferences: [controllerRef(rs)],
    },
    spec: structuredClone(rs.spec.template.spec),
    status: { phase: "Pending" },
  };
}
