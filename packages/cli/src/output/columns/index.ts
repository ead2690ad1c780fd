// Which columns `skiff get` prints for a kind, and the rows for a set of objects.
import { age, customKind, type ApiObject } from "@skiff/api";
import { customKindColumns } from "./custom.js";
import { batchColumns } from "./batch.js";
import { clusterColumns } from "./cluster.js";
import { daemonSetColumns } from "./daemonset.js";
import { networkColumns } from "./network.js";
import { storageColumns } from "./storage.js";
import { policyColumns } from "./policy.js";
import { coordinationColumns } from "./coordination.js";
import { admissionColumns } from "./admissionregistration.js";
import { rbacColumns } from "./rbac.js";
import { serviceAccountColumns } from "./serviceaccount.js";
import { limitsColumns } from "./limits.js";
import { type Columns, type Related } from "./types.js";
import { workloadColumns } from "./workloads.js";

// The cell rules are kubectl's, defined once in @skiff/api (printers/) for the CLI and the REST edge.
export { podStatus, podReady, podRestarts, servicePorts, endpointList, nodeStatus, nodeRoles } from "@skiff/api";
export type { Columns, Related } from "./types.js";

const BY_KIND: Record<string, Columns> = { ...workloadColumns, ...daemonSetColumns, ...batchColumns, ...networkColumns, ...clusterColumns, ...storageColumns, ...policyColumns, ...coordinationColumns, ...rbacColumns, ...serviceAccountColumns, ...admissionColumns, ...limitsColumns };

// A kind with no table of its own still gets kubectl's fallback: NAME and AGE.
const FALLBACK: Columns = {
  headers: ["NAME", "AGE"],
  row: (o, now) => [o.metadata.name, age(o.metadata.creationTimestamp, now)],
};

export function columnsFor(kind: string): Columns {
  const custom = BY_KIND[kind] ? undefined : customKind(kind);
  return BY_KIND[kind] ?? (custom ? customKindColumns(custom) : FALLBACK);
}

export interface TableOptions {
  wide?: boolean;
  /** Put a NAMESPACE column first (`-A`). */
  withNamespace?: boolean;
  now: number;
  related?: Related;
}

export function tableHeaders(kind: string, opts: Omit<TableOptions, "now">): string[] {
  const c = columnsFor(kind);
  return [...(opts.withNamespace ? ["NAMESPACE"] : []), ...c.headers, ...(opts.wide ? (c.wideHeaders ?? []) : [])];
}

export function tableRow(obj: ApiObject, opts: TableOptions): string[] {
  const c = columnsFor(obj.kind);
  return [
    ...(opts.withNamespace ? [obj.metadata.namespace ?? ""] : []),
    ...c.row(obj, opts.now, opts.related ?? {}),
    ...(opts.wide && c.wideRow ? c.wideRow(obj, opts.related ?? {}, opts.now) : []),
  ];
}
