// A table inside a describe section: kubectl's columns with a dashed underline under each header.
import { formatTable } from "../table.js";
import type { DescribeWriter } from "./writer.js";

export function table(w: DescribeWriter, headers: string[], rows: string[][], indent = ""): void {
  const underline = headers.map((h) => "-".repeat(h.length));
  for (const line of formatTable(headers, [underline, ...rows]).trimEnd().split("\n")) w.text(indent + line);
}
