// A custom kind's table: NAME, then its CRD's additionalPrinterColumns (priority 0; the others
// with -o wide), cells by @skiff/api's customColumns, the same as the REST edge's Table.
import { customColumns, type CustomKind } from "@skiff/api";
import type { Columns } from "./types.js";

const cache = new WeakMap<CustomKind, Columns>();

const text = (v: string | number | boolean) => String(v);

export function customKindColumns(kind: CustomKind): Columns {
  let columns = cache.get(kind);
  if (!columns) {
    const all = customColumns(kind);
    const main = all.filter((c) => c.priority === 0);
    const wide = all.filter((c) => c.priority > 0);
    columns = {
      headers: ["NAME", ...main.map((c) => c.name.toUpperCase())],
      row: (o, now) => [o.metadata.name, ...main.map((c) => text(c.cell(o, now)))],
      ...(wide.length ? { wideHeaders: wide.map((c) => c.name.toUpperCase()), wideRow: (o, _r, now) => wide.map((c) => text(c.cell(o, now))) } : {}),
    };
    cache.set(kind, columns);
  }
  return columns;
}
