// What an object costs a namespace, in the names a ResourceQuota limits (Kubernetes' quota
// evaluators, pkg/quota/v1/evaluator/core): a pod costs `pods`, `count/pods` and the sums of its
// containers' requests and limits; a Service, a ConfigMap, a Secret or a claim costs one of its
// kind; any object costs one `count/<resource>.<group>`. Amounts are plain numbers: cpu in
// millicores, memory and storage in bytes, counts as counts. Pure: the clock is passed in.
import { kindInfo, parseCpu, parseMemory, parseQuantity, formatCpu, formatMemory, isTerminalPhase, lookupKind, type ApiObject, type PersistentVolumeClaim, type Pod, type ResourceList, type Service } from "@skiff/api";

export type Usage = Record<string, number>;

/** `count/pods`, `count/deployments.apps`: the object-count name of a kind. */
export function countName(kind: string): string | undefined {
  const info = kindInfo(kind);
  if (!info) return undefined;
  const slash = info.apiVersion.indexOf("/");
  return `count/${info.plural}${slash < 0 ? "" : `.${info.apiVersion.slice(0, slash)}`}`;
}

/**
 * Whether a pod still counts: not once it is Succeeded or Failed, nor once its grace period has
 * run out while it is being deleted (Kubernetes' QuotaV1Pod).
 */
export function podCounts(pod: Pod, now: Date): boolean {
  if (isTerminalPhase(pod.status?.phase)) return false;
  const deletion = pod.metadata.deletionTimestamp;
  if (deletion && pod.metadata.deletionGracePeriodSeconds !== undefined) {
    return now.getTime() <= Date.parse(deletion) + pod.metadata.deletionGracePeriodSeconds * 1000;
  }
  return true;
}

/** What `object` costs, for every name a quota could limit it by. */
export function usageOf(object: ApiObject, now: Date): Usage {
  const usage: Usage = {};
  const count = countName(object.kind);
  if (object.kind === "Pod") {
    const pod = object as Pod;
    if (!podCounts(pod, now)) return usage;
    Object.assign(usage, podResources(pod));
    usage.pods = 1;
  }
  if (count) usage[count] = 1;
  if (object.kind === "Service") {
    const svc = object as Service;
    usage.services = 1;
    // skiff has no LoadBalancer Services: services.loadbalancers stays 0.
    if (svc.spec?.type === "NodePort") usage["services.nodeports"] = (svc.spec?.ports ?? []).length;
  }
  if (object.kind === "ConfigMap") usage.configmaps = 1;
  if (object.kind === "Secret") usage.secrets = 1;
  if (object.kind === "ResourceQuota") usage.resourcequotas = 1;
  if (object.kind === "PersistentVolumeClaim") {
    usage.persistentvolumeclaims = 1;
    const storage = (object as PersistentVolumeClaim).spec?.resources?.requests?.storage;
    if (storage !== undefined) usage["requests.storage"] = parseMemory(storage);
  }
  return usage;
}

/** The sums of a pod's containers: requests.cpu (and its alias cpu), requests.memory (memory), limits.*. */
function podResources(pod: Pod): Usage {
  const out: Usage = {};
  for (const c of pod.spec?.containers ?? []) {
    add(out, c.resources?.requests, "requests.");
    add(out, c.resources?.limits, "limits.");
  }
  if (out["requests.cpu"] !== undefined) out.cpu = out["requests.cpu"];
  if (out["requests.memory"] !== undefined) out.memory = out["requests.memory"];
  return out;
}

function add(out: Usage, list: ResourceList | undefined, prefix: string): void {
  for (const name of ["cpu", "memory"]) {
    const q = list?.[name];
    if (q !== undefined) out[prefix + name] = (out[prefix + name] ?? 0) + parseAmount(name, q);
  }
}

/** Add `b` into a copy of `a`. */
export function plus(a: Usage, b: Usage): Usage {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v;
  return out;
}

/** The usage of `objects` (one namespace's), for the names `names` only. */
export function namespaceUsage(objects: Iterable<ApiObject>, names: readonly string[], now: Date): Usage {
  const out: Usage = Object.fromEntries(names.map((n) => [n, 0]));
  for (const o of objects) {
    for (const [k, v] of Object.entries(usageOf(o, now))) if (k in out) out[k] = (out[k] ?? 0) + v;
  }
  return out;
}

/** The kinds whose objects a quota resource counts (`requests.cpu` -> Pod, `count/jobs.batch` -> Job). */
export function kindsCounted(name: string): string[] {
  if (name === "pods" || name === "cpu" || name === "memory" || /^(requests|limits)\.(cpu|memory)$/.test(name)) return ["Pod"];
  if (name.startsWith("services")) return ["Service"];
  const fixed: Record<string, string> = { configmaps: "ConfigMap", secrets: "Secret", persistentvolumeclaims: "PersistentVolumeClaim", "requests.storage": "PersistentVolumeClaim", resourcequotas: "ResourceQuota" };
  if (fixed[name]) return [fixed[name]];
  if (name.startsWith("count/")) {
    const kind = lookupKind(name.slice("count/".length))?.kind;
    return kind && countName(kind) === name ? [kind] : [];
  }
  return [];
}

/** A quantity as an amount: cpu in millicores, memory and storage in bytes, the rest as numbers. */
export function parseAmount(name: string, q: string | number): number {
  if (name === "cpu" || name.endsWith(".cpu")) return parseCpu(q);
  if (isBytes(name)) return parseMemory(q);
  return parseQuantity(q);
}

/** An amount as Kubernetes prints it: `500m`, `2`, `128Mi`, `4`. */
export function formatAmount(name: string, amount: number): string {
  if (name === "cpu" || name.endsWith(".cpu")) return formatCpu(amount);
  if (isBytes(name)) return formatMemory(amount);
  return String(amount);
}

const isBytes = (name: string) => name === "memory" || name.endsWith(".memory") || name.endsWith("storage");
