// A container's environment as kubelet makes it (pkg/kubelet/kubelet_pods.go,
// makeEnvironmentVariables): first every `envFrom` source in order, then every `env` entry in
// order, a later name replacing an earlier one. A plain `value` may refer to variables defined
// before it (`$(VAR)`); `command` and `args` may refer to any variable of the final list. Pure:
// the pod's IP and the node's capacity are inputs.
//
// Resolved values are never part of the container's spec hash (translate.ts hashes the spec),
// so a ConfigMap that changes does not restart a running container: as in Kubernetes, it keeps
// the environment it started with, and the next attempt gets the new one.
import { parseCpu, parseMemory, type Container, type EnvFromSource, type EnvVarSource, type Pod } from "@skiff/api/core";
import { configMapBytes, findConfigMap, findSecret, keyNotFound, notFound, secretBytes, type Configs } from "./configs.js";
import { expand } from "./expansion.js";
import { podNamespace } from "./labels.js";

export interface EnvInput {
  pod: Pod;
  container: Container;
  configs: Configs;
  nodeName: string;
  /** The infra container's address: app containers are made after it started. */
  podIP?: string;
  hostIP?: string;
  /** The node's capacity: what `resourceFieldRef` gives for a limit the container does not set. */
  capacity: { cpuMilli: number; memoryBytes: number };
  /** The Services' variables (service-env.ts): added unless the container defines the name, and usable in `$(VAR)`. */
  serviceEnv?: ReadonlyMap<string, string>;
}

export interface ResolvedEnv {
  /** `NAME=value`, in the order the names were first defined. */
  env: string[];
  command?: string[];
  args?: string[];
  /** Keys of envFrom sources left out (not valid variable names), as kubelet's event says it. */
  warnings: string[];
}

export type EnvResult = ({ ok: true } & ResolvedEnv) | { ok: false; message: string };

/** kubelet's IsEnvVarName: letters, digits, `_`, `-`, `.`; not starting with a digit. */
export const isEnvVarName = (name: string): boolean => /^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(name);

class Missing extends Error {}

export function resolveEnv(input: EnvInput): EnvResult {
  const vars = new Map<string, string>();
  const warnings: string[] = [];
  const services = input.serviceEnv ?? new Map<string, string>();
  try {
    for (const source of input.container.envFrom ?? []) fromSource(input, source, vars, warnings);
    for (const e of input.container.env ?? []) {
      if (e.value) vars.set(e.name, expand(e.value, (name) => vars.get(name) ?? services.get(name)));
      else if (e.valueFrom) {
        const value = fromValueSource(input, e.valueFrom);
        if (value !== undefined) vars.set(e.name, value);
      } else vars.set(e.name, e.value ?? "");
    }
  } catch (error) {
    if (error instanceof Missing) return { ok: false, message: error.message };
    throw error;
  }
  // kubelet's order: the container's own variables, then the Services' it does not define.
  for (const [name, value] of services) if (!vars.has(name)) vars.set(name, value);
  const lookup = (name: string) => vars.get(name);
  const result: EnvResult = { ok: true, env: [...vars].map(([k, v]) => `${k}=${v}`), warnings };
  if (input.container.command) result.command = input.container.command.map((s) => expand(s, lookup));
  if (input.container.args) result.args = input.container.args.map((s) => expand(s, lookup));
  return result;
}

function fromSource(input: EnvInput, source: EnvFromSource, vars: Map<string, string>, warnings: string[]): void {
  const namespace = podNamespace(input.pod);
  let values: Map<string, Buffer>;
  let what: string;
  if (source.configMapRef) {
    const { name, optional } = source.configMapRef;
    const cm = findConfigMap(input.configs, namespace, name);
    if (!cm && optional) return;
    if (!cm) throw new Missing(notFound("ConfigMap", name));
    // kubelet takes `data` only: binaryData is for files.
    values = new Map(Object.entries(cm.data ?? {}).map(([k, v]) => [k, Buffer.from(v)]));
    what = `configMap ${namespace}/${name}`;
  } else if (source.secretRef) {
    const { name, optional } = source.secretRef;
    const secret = findSecret(input.configs, namespace, name);
    if (!secret && optional) return;
    if (!secret) throw new Missing(notFound("Secret", name));
    values = secretBytes(secret);
    what = `secret ${namespace}/${name}`;
  } else return;
  const invalid: string[] = [];
  for (const [key, value] of values) {
    const name = `${source.prefix ?? ""}${key}`;
    if (isEnvVarName(name)) vars.set(name, value.toString("utf8"));
    else invalid.push(name);
  }
  if (invalid.length > 0) {
    warnings.push(`Keys [${invalid.sort().join(", ")}] from the EnvFrom ${what} were skipped since they are considered invalid environment variable names.`);
  }
}

/** undefined: an optional reference that is missing (the variable is left out). */
function fromValueSource(input: EnvInput, from: EnvVarSource): string | undefined {
  const namespace = podNamespace(input.pod);
  if (from.configMapKeyRef) {
    const { name, key, optional } = from.configMapKeyRef;
    const cm = findConfigMap(input.configs, namespace, name);
    if (!cm) return optional ? undefined : missing(notFound("ConfigMap", name));
    const value = cm.data?.[key];
    if (value === undefined) return optional ? undefined : missing(keyNotFound("ConfigMap", namespace, name, key));
    return value;
  }
  if (from.secretKeyRef) {
    const { name, key, optional } = from.secretKeyRef;
    const secret = findSecret(input.configs, namespace, name);
    if (!secret) return optional ? undefined : missing(notFound("Secret", name));
    const value = secretBytes(secret).get(key);
    if (value === undefined) return optional ? undefined : missing(keyNotFound("Secret", namespace, name, key));
    return value.toString("utf8");
  }
  if (from.fieldRef) return fieldValue(input, from.fieldRef.fieldPath);
  if (from.resourceFieldRef) {
    const ref = from.resourceFieldRef;
    const container = ref.containerName ? input.pod.spec.containers.find((c) => c.name === ref.containerName) : input.container;
    if (!container) return missing(`no container named ${ref.containerName ?? ""} for resourceFieldRef ${ref.resource}`);
    return resourceValue(container, ref.resource, ref.divisor, input.capacity);
  }
  return undefined;
}

function missing(message: string): never {
  throw new Missing(message);
}

/** The Downward API's fields for env (metadata.labels['k'] and metadata.annotations['k'] by key). */
export function fieldValue(input: Pick<EnvInput, "pod" | "nodeName" | "podIP" | "hostIP">, path: string): string {
  const { pod } = input;
  const subscript = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(path);
  if (subscript) return (subscript[1] === "labels" ? pod.metadata.labels : pod.metadata.annotations)?.[subscript[2] ?? ""] ?? "";
  switch (path) {
    case "metadata.name":
      return pod.metadata.name;
    case "metadata.namespace":
      return podNamespace(pod);
    case "metadata.uid":
      return pod.metadata.uid ?? "";
    case "spec.nodeName":
      return pod.spec.nodeName ?? input.nodeName;
    case "spec.serviceAccountName":
      return (pod.spec as { serviceAccountName?: string }).serviceAccountName ?? "";
    case "status.podIP":
    case "status.podIPs":
      return input.podIP ?? "";
    case "status.hostIP":
    case "status.hostIPs":
      return input.hostIP ?? "";
    default:
      return missing(`unsupported fieldPath: ${path}`);
  }
}

/**
 * limits.cpu, limits.memory, requests.cpu, requests.memory, divided by `divisor` (default 1) and
 * rounded up, as kubelet does. A limit not set is the node's capacity (kubelet merges the node's
 * allocatable in); a request not set is the limit set, else 0 (the API's defaulting).
 */
export function resourceValue(container: Container, resource: string, divisor: string | number | undefined, capacity: EnvInput["capacity"]): string {
  const limits = container.resources?.limits ?? {};
  const requests = container.resources?.requests ?? {};
  const div = divisor === undefined || divisor === "" || divisor === 0 ? undefined : divisor;
  const cpu = (q: string | number | undefined, fallback: number) => Math.ceil((q === undefined ? fallback : parseCpu(q)) / (div === undefined ? 1000 : parseCpu(div)));
  const mem = (q: string | number | undefined, fallback: number) => Math.ceil((q === undefined ? fallback : parseMemory(q)) / (div === undefined ? 1 : parseMemory(div)));
  switch (resource) {
    case "limits.cpu":
      return String(cpu(limits.cpu, capacity.cpuMilli));
    case "limits.memory":
      return String(mem(limits.memory, capacity.memoryBytes));
    case "requests.cpu":
      return String(cpu(requests.cpu ?? limits.cpu, 0));
    case "requests.memory":
      return String(mem(requests.memory ?? limits.memory, 0));
    default:
      return missing(`unsupported resource: ${resource}`);
  }
}
