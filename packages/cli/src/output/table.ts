// Plain space-aligned columns, as kubectl prints them (Go's tabwriter with a 3-space gap):
// no borders, upper-case headers, the last column not padded.

const GAP = "   ";

export function formatTable(headers: string[] | undefined, rows: string[][]): string {
  const writer = new TableWriter(headers);
  return writer.format(rows);
}

/**
 * Keeps its column widths between calls, so `get -w` can print rows one at a time and
 * they still line up with the header printed first. Widths only ever grow.
 */
export class TableWriter {
  private widths: number[] = [];
  private headerDone = false;

  constructor(private readonly headers: string[] | undefined) {}

  /** The lines for these rows (and the header, the first time), each ending in a newline. */
  format(rows: string[][]): string {
    const withHeader = this.headers && !this.headerDone ? [this.headers, ...rows] : rows;
    if (withHeader.length === 0) return "";
    for (const row of withHeader) {
      row.forEach((cell, i) => {
        this.widths[i] = Math.max(this.widths[i] ?? 0, cell.length);
      });
    }
    this.headerDone = true;
    return withHeader.map((row) => this.line(row) + "\n").join("");
  }

  private line(row: string[]): string {
    return row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(this.widths[i] ?? 0)))
      .join(GAP)
      .trimEnd();
  }
}
