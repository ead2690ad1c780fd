import type { ApiObject, Pod } from "@skiff/api";

/** Other objects a row is computed from (a node's row sums the pods bound to it). */
export interface Related {
  pods?: readonly Pod[];
  /** Times as clock times, not ages: `get events -w`, where every new line would say "0s". */
  clockTimes?: boolean;
}

/** The table `skiff get` prints for one kind: kubectl's columns, plus the extra `-o wide` ones. */
export interface Columns {
  headers: string[];
  row(obj: ApiObject, now: number, related: Related): string[];
  /** Appended after the normal columns with `-o wide`. */
  wideHeaders?: string[];
  wideRow?(obj: ApiObject, related: Related, now: number): string[];
  /** The rows need every pod (`get` lists them once, with one more call). */
  needsPods?: boolean;
}

// `<none>` and how a label map prints are kubectl's rules, shared with the REST edge.
export { NONE, labelString } from "@skiff/api";
