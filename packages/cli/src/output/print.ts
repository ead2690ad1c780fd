// One printer for `skiff get`, whatever the format: called once with the listing and then
// once per watch event, it keeps what must persist between calls (column widths, the header).
import type { ApiObject } from "@skiff/api";
import { tableHeaders, tableRow, type Related } from "./columns/index.js";
import { customColumnsRow, parseCustomColumns, type CustomColumn } from "./custom-columns.js";
import { extraCells, extraHeaders, type ExtraColumns } from "./extra-columns.js";
import { renderTemplate, parseTemplate } from "@skiff/api";
import type { OutputFormat } from "./output-format.js";
import { asList, toJson, toNames, toYaml } from "./printers.js";
import { TableWriter } from "./table.js";

export type { OutputFormat } from "./output-format.js";

export interface PrinterOptions extends ExtraColumns {
  format?: OutputFormat;
  /** `-o jsonpath=` and `-o custom-columns=`: the template. */
  template?: string;
  withNamespace?: boolean;
  noHeaders?: boolean;
  /** The user asked for one object by name: yaml/json print it bare rather than as a List. */
  single?: boolean;
  /** The clock, for AGE (tests pass a fixed one). */
  now?: () => number;
}

export class ObjectPrinter {
  private table?: TableWriter;
  /** The listing is behind us: what comes next are watch events, printed one object each. */
  private listed = false;
  private readonly columns?: CustomColumn[];

  constructor(private readonly opts: PrinterOptions) {
    // Parse templates up front: a bad one fails before anything is fetched.
    if (opts.format === "custom-columns") this.columns = parseCustomColumns(opts.template ?? "");
    if (opts.format === "jsonpath") parseTemplate(opts.template ?? "");
  }

  /**
   * Say that the listing is over without printing it (it was empty, or `--watch-only`), so that
   * the first watch event prints as one object rather than as a List.
   */
  endListing(): void {
    this.listed = true;
  }

  /** Whether a table is printed (the only format some kinds need related objects for). */
  get isTable(): boolean {
    return this.opts.format === undefined || this.opts.format === "wide";
  }

  /** `related`: the other objects some tables sum up (the pods, for nodes). */
  print(items: ApiObject[], related: Related = {}): string {
    const { format, single = false } = this.opts;
    const first = !this.listed;
    this.listed = true;
    switch (format) {
      case "name":
        return toNames(items);
      case "json":
        // Watch events print one object each, as kubectl -w -o json does.
        return first ? toJson(items, single) : items.map((o) => toJson([o], true)).join("");
      case "yaml":
        return first ? toYaml(items, single) : items.map((o) => `---\n${toYaml([o], true)}`).join("");
      case "jsonpath": {
        const template = this.opts.template ?? "";
        // A listing is a List (`{.items[*]...}`), one object by name or a watch event is itself.
        if (first && !(single && items.length === 1)) return renderTemplate(template, asList(items));
        return items.map((o) => renderTemplate(template, o)).join("");
      }
      case "custom-columns":
        return this.customText(items);
      default:
        return this.tableText(items, related);
    }
  }

  private customText(items: ApiObject[]): string {
    const columns = this.columns ?? [];
    this.table ??= new TableWriter(this.opts.noHeaders ? undefined : columns.map((c) => c.header));
    return this.table.format(items.map((o) => customColumnsRow(o, columns)));
  }

  private tableText(items: ApiObject[], related: Related): string {
    const first = items[0];
    if (!first) return "";
    const opts = { wide: this.opts.format === "wide", withNamespace: this.opts.withNamespace ?? false };
    const headers = tableHeaders(first.kind, opts);
    const nameAt = headers.indexOf("NAME");
    this.table ??= new TableWriter(this.opts.noHeaders ? undefined : extraHeaders(headers, this.opts));
    const now = (this.opts.now ?? Date.now)();
    return this.table.format(items.map((o) => extraCells(o, tableRow(o, { ...opts, now, related }), nameAt, this.opts)));
  }
}
