// ResourceQuota admission, the decision (Kubernetes' quota admission controller, checkRequest):
// given the quotas of a namespace with what each says is used, and the objects a commit creates,
// either the quotas' new `used` (to be written with the objects, in the same commit) or a refusal
// in Kubernetes' words:
//
//   pods "web-5" is forbidden: exceeded quota: q, requested: pods=1, used: pods=4, limited: pods=4
//   pods "web" is forbidden: failed quota: q: must specify limits.cpu for: app; limits.memory for: app
//
// Pure: the shell (admit-at-commit.ts) reads the quotas and writes the result.
import { PermissionDeniedError, kindInfo, type ApiObject, type Container, type Pod, type ResourceQuota } from "@skiff/api";
import { formatAmount, parseAmount, plus, usageOf, type Usage } from "./usage.js";

/** Refused by an admission plugin (Kubernetes' 403 Forbidden): nothing was stored. */
export class AdmissionForbiddenError extends PermissionDeniedError {}

export interface QuotaState {
  quota: ResourceQuota;
  /** What is used now, for every name of the quota's spec.hard. */
  used: Usage;
}

/** The limits of a quota, as amounts. */
export function hardOf(quota: ResourceQuota): Usage {
  return Object.fromEntries(Object.entries(quota.spec?.hard ?? {}).map(([name, q]) => [name, parseAmount(name, q)]));
}

/**
 * What the quota's status says is used, or undefined when it does not say it for every name of
 * spec.hard (a quota the controller has not counted yet, or whose spec just changed).
 */
export function recordedUsed(quota: ResourceQuota): Usage | undefined {
  const used = quota.status?.used ?? {};
  const names = Object.keys(quota.spec?.hard ?? {});
  if (names.some((n) => used[n] === undefined)) return undefined;
  return Object.fromEntries(names.map((n) => [n, parseAmount(n, used[n] as string)]));
}

/** The quota with `used` (and `hard` as its spec says) in its status. */
export function withUsed(quota: ResourceQuota, used: Usage): ResourceQuota {
  const hard = quota.spec?.hard ?? {};
  const status = { hard: { ...hard }, used: Object.fromEntries(Object.keys(hard).sort().map((n) => [n, formatAmount(n, used[n] ?? 0)])) };
  return { ...quota, status };
}

/**
 * Charge `created` (in order) to every quota; the quotas whose usage changed, with their new
 * usage. Throws AdmissionForbiddenError for the first object that a quota refuses.
 */
export function chargeQuotas(states: QuotaState[], created: ApiObject[], now: Date): QuotaState[] {
  const current = new Map(states.map((s) => [s.quota.metadata.name, s]));
  const changed = new Set<string>();
  const sorted = [...states].sort((a, b) => a.quota.metadata.name.localeCompare(b.quota.metadata.name));
  for (const object of created) {
    const cost = usageOf(object, now);
    for (const { quota } of sorted) {
      const name = quota.metadata.name;
      const state = current.get(name) as QuotaState;
      const hard = hardOf(quota);
      const limited = Object.keys(hard).filter((n) => cost[n] !== undefined);
      if (limited.length === 0) continue;
      const missing = object.kind === "Pod" ? missingResources(object as Pod, Object.keys(hard)) : "";
      if (missing) throw forbidden(object, `failed quota: ${name}: must specify ${missing}`);
      const next = plus(state.used, pick(cost, limited));
      const exceeded = limited.filter((n) => (next[n] ?? 0) > (hard[n] ?? 0)).sort();
      if (exceeded.length > 0) {
        const show = (u: Usage) => exceeded.map((n) => `${n}=${formatAmount(n, u[n] ?? 0)}`).join(",");
        const limitedText = exceeded.map((n) => `${n}=${quota.spec?.hard?.[n]}`).join(",");
        throw forbidden(object, `exceeded quota: ${name}, requested: ${show(cost)}, used: ${show(state.used)}, limited: ${limitedText}`);
      }
      if (limited.some((n) => (cost[n] ?? 0) !== 0)) changed.add(name);
      current.set(name, { quota, used: next });
    }
  }
  return [...changed].map((n) => current.get(n) as QuotaState);
}

// The names that make every container state a request or a limit (Kubernetes' backward-
// compatible rule: a quota of cpu or memory needs each container to say how much it wants).
const MUST_SPECIFY: Record<string, (c: Container) => boolean> = {
  cpu: (c) => c.resources?.requests?.cpu !== undefined,
  "requests.cpu": (c) => c.resources?.requests?.cpu !== undefined,
  memory: (c) => c.resources?.requests?.memory !== undefined,
  "requests.memory": (c) => c.resources?.requests?.memory !== undefined,
  "limits.cpu": (c) => c.resources?.limits?.cpu !== undefined,
  "limits.memory": (c) => c.resources?.limits?.memory !== undefined,
};

/** `limits.cpu for: app; limits.memory for: app,side`, or "" when every container says. */
export function missingResources(pod: Pod, hardNames: string[]): string {
  const parts: string[] = [];
  for (const name of hardNames.filter((n) => MUST_SPECIFY[n]).sort()) {
    const lacking = (pod.spec?.containers ?? []).filter((c) => !MUST_SPECIFY[name]?.(c)).map((c) => c.name).sort();
    if (lacking.length > 0) parts.push(`${name} for: ${lacking.join(",")}`);
  }
  return parts.join("; ");
}

function pick(u: Usage, names: string[]): Usage {
  return Object.fromEntries(names.map((n) => [n, u[n] ?? 0]));
}

/** `pods "web-5" is forbidden: ...`, as the API server words an admission's refusal. */
export function forbidden(object: ApiObject, reason: string): AdmissionForbiddenError {
  const plural = kindInfo(object.kind)?.plural ?? object.kind.toLowerCase();
  return new AdmissionForbiddenError(`${plural} ${JSON.stringify(object.metadata.name)} is forbidden: ${reason}`);
}
