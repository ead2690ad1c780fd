// LimitRange admission (Kubernetes' LimitRanger plugin), pure:
//   mutate: a container that sets no request (limit) for a resource gets the LimitRange's
//           `defaultRequest` (`default`); a container that sets a limit but no request gets its
//           limit as the request, as Kubernetes' defaulting does. The pod is annotated
//           `kubernetes.io/limit-ranger` with what was set, as Kubernetes does.
//   validate: each container (type Container), the pod's sums (type Pod) and a claim's storage
//           (type PersistentVolumeClaim) within `min`/`max`, the limit at most
//           `maxLimitRequestRatio` times the request; refused in Kubernetes' words
//           (`maximum cpu usage per Container is 500m, but limit is 1`).
import { ValidationError, type Container, type LimitRange, type LimitRangeItem, type PersistentVolumeClaim, type Pod, type ResourceList } from "@skiff/api";
import { forbidden } from "./quota-check.js";
import { formatAmount, parseAmount } from "./usage.js";

export const LIMIT_RANGER_ANNOTATION = "kubernetes.io/limit-ranger";

/**
 * The effective item, with Kubernetes' LimitRange defaulting: a Container item's missing
 * `default` is its `max`; a missing `defaultRequest` is its `default`, else its `min`.
 */
export function effectiveItem(item: LimitRangeItem): LimitRangeItem {
  if (item.type !== "Container") return item;
  const limits: ResourceList = { ...item.max, ...item.default };
  const requests: ResourceList = { ...item.min, ...limits, ...item.defaultRequest };
  return { ...item, default: limits, defaultRequest: requests };
}

/** The pod with the defaults of `ranges` set on its containers; the same pod when none applies. */
export function applyDefaults(pod: Pod, ranges: LimitRange[]): Pod {
  const items = ranges.flatMap((r) => r.spec?.limits ?? []).filter((i) => i.type === "Container").map(effectiveItem);
  if (items.length === 0) return pod;
  const defaultLimits: ResourceList = Object.assign({}, ...items.map((i) => i.default));
  const defaultRequests: ResourceList = Object.assign({}, ...items.map((i) => i.defaultRequest));
  const notes: string[] = [];
  const containers = pod.spec.containers.map((c) => {
    const limits = { ...c.resources?.limits };
    const requests = { ...c.resources?.requests };
    const setLimits = Object.keys(defaultLimits).filter((k) => limits[k] === undefined).sort();
    for (const k of setLimits) limits[k] = defaultLimits[k] as string;
    const setRequests = Object.keys(defaultRequests).filter((k) => requests[k] === undefined).sort();
    // A limit the user set is the request too (Kubernetes' defaulting); else the default request.
    for (const k of setRequests) requests[k] = (c.resources?.limits?.[k] ?? defaultRequests[k]) as string;
    if (setRequests.length) notes.push(`${setRequests.join(", ")} request for container ${c.name}`);
    if (setLimits.length) notes.push(`${setLimits.join(", ")} limit for container ${c.name}`);
    if (!setLimits.length && !setRequests.length) return c;
    return { ...c, resources: { ...c.resources, limits, requests } } satisfies Container;
  });
  if (notes.length === 0) return pod;
  const annotations = { ...pod.metadata.annotations, [LIMIT_RANGER_ANNOTATION]: `LimitRanger plugin set: ${notes.join("; ")}` };
  return { ...pod, metadata: { ...pod.metadata, annotations }, spec: { ...pod.spec, containers } };
}

/** Kubernetes' validation after defaulting: no request above its limit (a default limit below the request set). */
export function checkRequestsWithinLimits(pod: Pod): void {
  const issues = pod.spec.containers.flatMap((c, i) =>
    Object.entries(c.resources?.requests ?? {}).flatMap(([name, request]) => {
      const limit = c.resources?.limits?.[name];
      if (limit === undefined || parseAmount(name, request) <= parseAmount(name, limit)) return [];
      return [{ path: `spec.containers[${i}].resources.requests`, message: `Invalid value: "${request}": must be less than or equal to ${name} limit of ${limit}` }];
    }),
  );
  if (issues.length) throw new ValidationError(issues);
}

/** Every bound of `ranges` that the pod breaks, in Kubernetes' words; none when it fits. */
export function podViolations(pod: Pod, ranges: LimitRange[]): string[] {
  const out: string[] = [];
  for (const item of ranges.flatMap((r) => r.spec?.limits ?? [])) {
    if (item.type === "Container") {
      for (const c of pod.spec.containers) out.push(...bounds(item, "Container", c.resources?.requests ?? {}, c.resources?.limits ?? {}));
    }
    if (item.type === "Pod") out.push(...bounds(item, "Pod", podSum(pod, "requests"), podSum(pod, "limits")));
  }
  return out;
}

/** A claim's storage request within the PersistentVolumeClaim items' min and max. */
export function claimViolations(claim: PersistentVolumeClaim, ranges: LimitRange[]): string[] {
  const requests = claim.spec?.resources?.requests ?? {};
  const out: string[] = [];
  for (const item of ranges.flatMap((r) => r.spec?.limits ?? []).filter((i) => i.type === "PersistentVolumeClaim")) {
    for (const [name, min] of Object.entries(item.min ?? {})) out.push(...minimum("PersistentVolumeClaim", name, min, requests, {}));
    for (const [name, max] of Object.entries(item.max ?? {})) {
      const req = requests[name];
      if (req !== undefined && parseAmount(name, req) > parseAmount(name, max)) out.push(`maximum ${name} usage per PersistentVolumeClaim is ${max}, but request is ${req}`);
    }
  }
  return out;
}

/** Refuse (403, as Kubernetes) when `violations` is not empty; several are listed in brackets. */
export function refuse(object: Pod | PersistentVolumeClaim, violations: string[]): void {
  if (violations.length === 0) return;
  throw forbidden(object, violations.length === 1 ? (violations[0] as string) : `[${violations.join(", ")}]`);
}

function bounds(item: LimitRangeItem, type: string, requests: ResourceList, limits: ResourceList): string[] {
  const out: string[] = [];
  for (const [name, min] of Object.entries(item.min ?? {})) out.push(...minimum(type, name, min, requests, limits));
  for (const [name, max] of Object.entries(item.max ?? {})) {
    const lim = limits[name];
    const req = requests[name];
    if (lim === undefined) out.push(`maximum ${name} usage per ${type} is ${max}.  No limit is specified`);
    else if (parseAmount(name, lim) > parseAmount(name, max)) out.push(`maximum ${name} usage per ${type} is ${max}, but limit is ${lim}`);
    else if (req !== undefined && parseAmount(name, req) > parseAmount(name, max)) out.push(`maximum ${name} usage per ${type} is ${max}, but request is ${req}`);
  }
  for (const [name, ratio] of Object.entries(item.maxLimitRequestRatio ?? {})) {
    const req = requests[name] !== undefined ? parseAmount(name, requests[name] as string) : 0;
    const lim = limits[name] !== undefined ? parseAmount(name, limits[name] as string) : 0;
    if (req === 0) out.push(`${name} max limit to request ratio per ${type} is ${ratio}, but no request is specified or request is 0`);
    else if (lim === 0) out.push(`${name} max limit to request ratio per ${type} is ${ratio}, but no limit is specified or limit is 0`);
    else if (lim / req > parseAmount("ratio", ratio)) out.push(`${name} max limit to request ratio per ${type} is ${ratio}, but provided ratio is ${(lim / req).toFixed(6)}`);
  }
  return out;
}

function minimum(type: string, name: string, min: string, requests: ResourceList, limits: ResourceList): string[] {
  const req = requests[name];
  const lim = limits[name];
  if (req === undefined) return [`minimum ${name} usage per ${type} is ${min}.  No request is specified`];
  if (parseAmount(name, req) < parseAmount(name, min)) return [`minimum ${name} usage per ${type} is ${min}, but request is ${req}`];
  if (lim !== undefined && parseAmount(name, lim) < parseAmount(name, min)) return [`minimum ${name} usage per ${type} is ${min}, but limit is ${lim}`];
  return [];
}

/** A pod's requests or limits summed over its containers (those that set them), as Kubernetes' podRequests. */
function podSum(pod: Pod, which: "requests" | "limits"): ResourceList {
  const sums: Record<string, number> = {};
  for (const c of pod.spec.containers) {
    for (const [name, q] of Object.entries(c.resources?.[which] ?? {})) sums[name] = (sums[name] ?? 0) + parseAmount(name, q);
  }
  return Object.fromEntries(Object.entries(sums).map(([name, v]) => [name, formatAmount(name, v)]));
}
