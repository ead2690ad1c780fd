// Which ConfigMaps, Secrets and PersistentVolumeClaims a pod needs: from env (valueFrom), envFrom,
// and volumes. The server uses it to send a node only the configuration of its own pods (a claim
// carries what to mount: well-known/storage.ts); the agent, to know what a pod still waits for.
import type { Pod } from "./types.js";

export interface ConfigRef {
  kind: "ConfigMap" | "Secret" | "PersistentVolumeClaim";
  namespace: string;
  name: string;
  /** The pod starts without it (`optional: true` everywhere it is used). */
  optional: boolean;
}

export function configRefKey(ref: { kind: string; namespace: string; name: string }): string {
  return `${ref.kind}/${ref.namespace}/${ref.name}`;
}

export function podConfigRefs(pod: Pod): ConfigRef[] {
  const namespace = pod.metadata.namespace ?? "default";
  const refs = new Map<string, ConfigRef>();
  const add = (kind: ConfigRef["kind"], name: string | undefined, optional: boolean | undefined) => {
    if (!name) return;
    const key = configRefKey({ kind, namespace, name });
    const before = refs.get(key);
    // Required anywhere means required.
    refs.set(key, { kind, namespace, name, optional: (before?.optional ?? true) && optional === true });
  };
  for (const c of pod.spec.containers) {
    for (const e of c.env ?? []) {
      add("ConfigMap", e.valueFrom?.configMapKeyRef?.name, e.valueFrom?.configMapKeyRef?.optional);
      add("Secret", e.valueFrom?.secretKeyRef?.name, e.valueFrom?.secretKeyRef?.optional);
    }
    for (const f of c.envFrom ?? []) {
      add("ConfigMap", f.configMapRef?.name, f.configMapRef?.optional);
      add("Secret", f.secretRef?.name, f.secretRef?.optional);
    }
  }
  for (const v of pod.spec.volumes ?? []) {
    add("ConfigMap", v.configMap?.name, v.configMap?.optional);
    add("Secret", v.secret?.secretName, v.secret?.optional);
    add("PersistentVolumeClaim", v.persistentVolumeClaim?.claimName, false);
  }
  return [...refs.values()];
}
