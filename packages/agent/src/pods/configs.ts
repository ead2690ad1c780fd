// The ConfigMaps and Secrets the server sent with this node's pods, and how a pod looks one up.
// Pure. Messages are kubelet's own words, and name objects and keys only: a Secret's value
// must never reach a log line, an event, a status or an error.
import { configRefKey, type ApiObject, type ConfigMap, type Secret } from "@skiff/api/core";

/** By `Kind/namespace/name` (configRefKey), as the assignments carry them. */
export type Configs = ReadonlyMap<string, ApiObject>;

/** The configuration a container cannot be made without: shown as CreateContainerConfigError. */
export class ContainerConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ContainerConfigError";
  }
}

export function findConfigMap(configs: Configs, namespace: string, name: string): ConfigMap | undefined {
  return configs.get(configRefKey({ kind: "ConfigMap", namespace, name })) as ConfigMap | undefined;
}

export function findSecret(configs: Configs, namespace: string, name: string): Secret | undefined {
  return configs.get(configRefKey({ kind: "Secret", namespace, name })) as Secret | undefined;
}

/** kubelet's messages (its config managers use the singular resource name). */
export const notFound = (kind: "ConfigMap" | "Secret", name: string): string => `${kind.toLowerCase()} "${name}" not found`;

export const keyNotFound = (kind: "ConfigMap" | "Secret", namespace: string, name: string, key: string): string =>
  `couldn't find key ${key} in ${kind} ${namespace}/${name}`;

/** A ConfigMap's keys as bytes: `data` (UTF-8) and `binaryData` (base64). */
export function configMapBytes(cm: ConfigMap): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const [k, v] of Object.entries(cm.data ?? {})) out.set(k, Buffer.from(v, "utf8"));
  for (const [k, v] of Object.entries(cm.binaryData ?? {})) out.set(k, Buffer.from(v, "base64"));
  return out;
}

/** A Secret's keys, decoded: after validation every value of `data` is base64. */
export function secretBytes(secret: Secret): Map<string, Buffer> {
  return new Map(Object.entries(secret.data ?? {}).map(([k, v]) => [k, Buffer.from(v, "base64")]));
}
