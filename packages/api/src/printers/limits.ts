// Cells for ResourceQuotas, by kubectl's rules (printers.go printResourceQuota): every resource of
// status.hard, sorted, as `name: used/hard`; those named `limits.*` in LIMIT, the rest in REQUEST.
import type { ResourceQuota } from "../types.js";

/** `[resource, used, hard]` for each resource the quota limits, sorted by name (status first, else spec). */
export function quotaResourceRows(q: ResourceQuota): [string, string, string][] {
  const hard = q.status?.hard ?? q.spec?.hard ?? {};
  return Object.keys(hard)
    .sort()
    .map((name) => [name, q.status?.used?.[name] ?? "0", hard[name] ?? ""]);
}

const cell = (rows: [string, string, string][]) => rows.map(([name, used, hard]) => `${name}: ${used}/${hard}`).join(", ");

/** REQUEST: `pods: 4/4, requests.cpu: 500m/1`. */
export function quotaRequestCell(q: ResourceQuota): string {
  return cell(quotaResourceRows(q).filter(([name]) => !name.startsWith("limits")));
}

/** LIMIT: `limits.cpu: 1/2`. */
export function quotaLimitCell(q: ResourceQuota): string {
  return cell(quotaResourceRows(q).filter(([name]) => name.startsWith("limits")));
}
