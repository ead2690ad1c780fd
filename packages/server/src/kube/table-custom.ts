// A custom kind's Table: NAME, then its CRD's additionalPrinterColumns (@skiff/api customColumns,
// shared with the CLI); priority above 0 is kubectl's `-o wide`.
import { customColumns, type CustomKind } from "@skiff/api";
import { NAME, type Printer } from "./table-columns.js";

const printers = new WeakMap<CustomKind, Printer>();

export function customPrinter(kind: CustomKind): Printer {
  let printer = printers.get(kind);
  if (!printer) {
    const columns = customColumns(kind);
    printer = {
      columns: [NAME, ...columns.map((c) => ({ name: c.name, type: c.type, format: "", description: c.description, priority: c.priority }))],
      cells: (o, now) => [o.metadata.name, ...columns.map((c) => c.cell(o, now))],
    };
    printers.set(kind, printer);
  }
  return printer;
}
