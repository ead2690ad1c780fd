// Columns `get` adds to any kind's table, so every kind (one registered tomorrow too) has them:
// `-L KEY` (a column per label key, headed by its last path segment in capitals, as kubectl's),
// `--show-labels` (LABELS, last) and, when several kinds print together, `pod/web` in NAME.
import { labelString, type ApiObject } from "@skiff/api";
import { kindRef } from "./printers.js";

export interface ExtraColumns {
  labelColumns?: string[];
  showLabels?: boolean;
  /** Name objects `kind/name` (`get all`, `get pods,services`). */
  withKind?: boolean;
}

export function extraHeaders(headers: string[], opts: ExtraColumns): string[] {
  const labels = (opts.labelColumns ?? []).map((key) => (key.split("/").pop() ?? key).toUpperCase());
  return [...headers, ...labels, ...(opts.showLabels ? ["LABELS"] : [])];
}

/** `row` with the extra cells; `nameAt` is where NAME is in it (after NAMESPACE with -A). */
export function extraCells(obj: ApiObject, row: string[], nameAt: number, opts: ExtraColumns): string[] {
  const labels = obj.metadata.labels ?? {};
  const out = [...row];
  if (opts.withKind && nameAt >= 0 && nameAt < out.length) out[nameAt] = `${kindRef(obj.kind, obj.apiVersion)}/${out[nameAt]}`;
  for (const key of opts.labelColumns ?? []) out.push(labels[key] ?? "");
  if (opts.showLabels) out.push(labelString(labels));
  return out;
}
