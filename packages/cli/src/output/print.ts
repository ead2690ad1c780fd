// One printer for `skiff get`, whatever the format: called once with the listing and then
// once per watch event, it keeps what must persist between calls (column widths, the header).
import type { ApiObject } from "@skiff/api";
import { tableHeaders, tableRow, type Related } from "./columns/index.js";
import { toJson, toNames, toYaml } from "./printers.js";
import { TableWriter } from "./table.js";

export type OutputFormat = "wide" | "yaml" | "json" | "name";

export interface PrinterOptions {
  format?: OutputFormat;
  withNamespace?: boolean;
  noHeaders?: boolean;
  /** The user asked for one object by name: yaml/json print it bare rather than as a List. */
  single?: boolean;
  /** The clock, for AGE (tests pass a fixed one). */
  now?: () => number;
}

export class ObjectPrinter {
  private table?: TableWriter;
  private printed = 0;

  constructor(private readonly opts: PrinterOptions) {}

  /** Whether a table is printed (the only format some kinds need related objects for). */
  get isTable(): boolean {
    return this.opts.format === undefined || this.opts.format === "wide";
  }

  /** `related`: the other objects some tables sum up (the pods, for nodes). */
  print(items: ApiObject[], related: Related = {}): string {
    const { format, single = false } = this.opts;
    const first = this.printed === 0;
    this.printed += items.length;
    switch (format) {
      case "name":
        return toNames(items);
      case "json":
        // Watch events print one object each, as kubectl -w -o json does.
        return first ? toJson(items, single) : items.map((o) => toJson([o], true)).join("");
      case "yaml":
        return first ? toYaml(items, single) : items.map((o) => `---\n${toYaml([o], true)}`).join("");
      default:
        return this.tableText(items, related);
    }
  }

  private tableText(items: ApiObject[], related: Related): string {
    const first = items[0];
    if (!first) return "";
    const opts = { wide: this.opts.format === "wide", withNamespace: this.opts.withNamespace ?? false };
    this.table ??= new TableWriter(this.opts.noHeaders ? undefined : tableHeaders(first.kind, opts));
    const now = (this.opts.now ?? Date.now)();
    return this.table.format(items.map((o) => tableRow(o, { ...opts, now, related })));
  }
}
