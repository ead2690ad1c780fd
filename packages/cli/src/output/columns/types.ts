import type { ApiObject } from "@skiff/api";

/** The table `skiff get` prints for one kind: kubectl's columns, plus the extra `-o wide` ones. */
export interface Columns {
  headers: string[];
  row(obj: ApiObject, now: number): string[];
  /** Appended after the normal columns with `-o wide`. */
  wideHeaders?: string[];
  wideRow?(obj: ApiObject): string[];
}

export const NONE = "<none>";

/** `app=web,tier=db`, or <none>: how kubectl prints a label map (selectors, node roles...). */
export function labelString(labels: Record<string, string> | undefined): string {
  const pairs = Object.entries(labels ?? {}).map(([k, v]) => `${k}=${v}`);
  return pairs.length ? pairs.join(",") : NONE;
}
