// kubectl's `get` asks for a Table (Accept `application/json;as=Table;v=v1;g=meta.k8s.io`): the
// server prints, kubectl only lays the cells out. Every kind prints kubectl 1.32's columns (its
// printers.go), with the cell rules shared with skiff's CLI (@skiff/api printers); a kind with no
// printer gets the apiserver's default, Name and Created At. Each row carries the object as
// `includeObject` asks: its metadata (the default), all of it, or nothing. A watch sends one Table
// per event, the column definitions only in the first.
import { customKind, type ApiObject } from "@skiff/api";
import { customPrinter } from "./table-custom.js";
import { BadRequestError } from "./errors.js";
import { CREATED_DESCRIPTION, NAME, column, type Printer, type TableColumnDefinition, type TableRow } from "./table-columns.js";
import { batchPrinters } from "./table-batch.js";
import { daemonSetPrinters } from "./table-daemonset.js";
import { clusterPrinters } from "./table-cluster.js";
import { networkPrinters } from "./table-network.js";
import { storagePrinters } from "./table-storage.js";
import { policyPrinters } from "./table-policy.js";
import { coordinationPrinters } from "./table-coordination.js";
import { admissionPrinters } from "./table-admission.js";
import { rbacPrinters } from "./table-rbac.js";
import { serviceAccountPrinters } from "./table-serviceaccount.js";
import { limitsPrinters } from "./table-limits.js";
import { workloadPrinters } from "./table-workloads.js";

export type { TableCell, TableColumnDefinition, TableRow, TableRowCondition } from "./table-columns.js";

export interface Table {
  kind: "Table";
  apiVersion: "meta.k8s.io/v1";
  metadata: { resourceVersion?: string; continue?: string };
  columnDefinitions: TableColumnDefinition[];
  rows: TableRow[];
}

/** What each row carries: `Metadata` (PartialObjectMetadata, the default), the whole `Object`, or `None`. */
export type IncludeObject = "None" | "Metadata" | "Object";

export interface TableOptions {
  includeObject?: IncludeObject;
  resourceVersion?: string;
  continueToken?: string;
  /** Leave out the column definitions: every watch event after the first. */
  noHeaders?: boolean;
  /** The clock, for AGE and the like. */
  now: number;
}

export const tableContentType = "application/json;as=Table;v=v1;g=meta.k8s.io";

const PRINTERS: Record<string, Printer> = { ...workloadPrinters, ...daemonSetPrinters, ...batchPrinters, ...networkPrinters, ...clusterPrinters, ...storagePrinters, ...policyPrinters, ...coordinationPrinters, ...rbacPrinters, ...serviceAccountPrinters, ...admissionPrinters, ...limitsPrinters };

/** The apiserver's DefaultTableConvertor: the name, and when the object was created (RFC 3339, UTC). */
const DEFAULT_PRINTER: Printer = {
  columns: [NAME, column("Created At", "date", CREATED_DESCRIPTION)],
  cells: (o) => [o.metadata.name, createdAt(o.metadata.creationTimestamp)],
};

/** Go's zero time when unset, as the apiserver prints it; whole seconds, as RFC 3339 in Go. */
function createdAt(ts: string | undefined): string {
  const t = ts ? Date.parse(ts) : NaN;
  return Number.isNaN(t) ? "0001-01-01T00:00:00Z" : new Date(t).toISOString().replace(/\.\d+Z$/, "Z");
}

export function printerFor(kind: string): Printer {
  const custom = PRINTERS[kind] ? undefined : customKind(kind);
  return PRINTERS[kind] ?? (custom ? customPrinter(custom) : DEFAULT_PRINTER);
}

/** One row's `object`, as apiserver's response.go `asTable` shapes it. */
function rowObject(obj: ApiObject, include: IncludeObject): unknown {
  if (include === "Object") return obj;
  if (include === "Metadata") return { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: obj.metadata };
  return undefined;
}

export function toTable(kind: string, objects: ApiObject[], opts: TableOptions): Table {
  const printer = printerFor(kind);
  const include = opts.includeObject ?? "Metadata";
  const rows = objects.map((obj): TableRow => {
    const row: TableRow = { cells: printer.cells(obj, opts.now) };
    const conditions = printer.conditions?.(obj);
    if (conditions) row.conditions = conditions;
    const object = rowObject(obj, include);
    if (object !== undefined) row.object = object;
    return row;
  });
  const metadata: Table["metadata"] = {};
  if (opts.resourceVersion !== undefined) metadata.resourceVersion = opts.resourceVersion;
  if (opts.continueToken) metadata.continue = opts.continueToken;
  return {
    kind: "Table",
    apiVersion: "meta.k8s.io/v1",
    metadata,
    columnDefinitions: opts.noHeaders ? [] : printer.columns,
    rows,
  };
}

/**
 * Whether an Accept header asks for a Table: one of its media types is JSON with `as=Table`,
 * `g=meta.k8s.io` and `v=v1` or `v1beta1` (kubectl get lists both, then plain JSON).
 */
export function wantsTable(accept: string | undefined): boolean {
  return (accept ?? "").split(",").some((mediaType) => {
    const [type, ...params] = mediaType.split(";").map((p) => p.trim());
    if (type?.toLowerCase() !== "application/json") return false;
    const p = new Map(params.map((kv) => kv.split("=").map((s) => s.trim()) as [string, string]));
    return p.get("as") === "Table" && p.get("g") === "meta.k8s.io" && (p.get("v") === "v1" || p.get("v") === "v1beta1");
  });
}

/** The `includeObject` query parameter: Metadata when absent, 400 for a value Kubernetes does not know. */
export function includeObjectOf(query: URLSearchParams): IncludeObject {
  const value = query.get("includeObject");
  if (!value) return "Metadata";
  if (value === "None" || value === "Metadata" || value === "Object") return value;
  throw new BadRequestError(`unrecognized includeObject value: "${value}"`);
}
