// A small line builder for `skiff describe`: `Label:  value` pairs aligned within a section,
// nested sections indented by two spaces, as kubectl's describers print them.

type Entry = { label: string; value: string } | { label: string; section: DescribeWriter } | { text: string };

export class DescribeWriter {
  private readonly entries: Entry[] = [];

  /** `Label:  value`; an empty value prints as `<none>`. */
  field(label: string, value: string | number | undefined): this {
    this.entries.push({ label, value: value === undefined || value === "" ? "<none>" : String(value) });
    return this;
  }

  /** A map as `key=value` lines under its label (Labels, Selector...). */
  map(label: string, m: Record<string, string> | undefined, sep = "="): this {
    const lines = Object.entries(m ?? {}).map(([k, v]) => `${k}${sep}${v}`);
    this.entries.push({ label, value: lines.length ? lines.join("\n") : "<none>" });
    return this;
  }

  /** A map as an indented block of `key:  value` lines (Limits, Environment), or `<none>`. */
  mapBlock(label: string, m: Record<string, string> | undefined): this {
    const entries = Object.entries(m ?? {});
    if (entries.length === 0) return this.field(label, undefined);
    return this.section(label, (s) => entries.forEach(([k, v]) => s.field(k, v)));
  }

  /** A heading followed by an indented block. */
  section(label: string, fill: (w: DescribeWriter) => void): this {
    const section = new DescribeWriter();
    fill(section);
    this.entries.push({ label, section });
    return this;
  }

  text(text: string): this {
    this.entries.push({ text });
    return this;
  }

  toString(indent = ""): string {
    // Values of one block line up one column after its longest label, as in kubectl.
    const width = Math.max(0, ...this.entries.map((e) => ("value" in e ? e.label.length + 1 : 0)));
    const out: string[] = [];
    for (const e of this.entries) {
      if ("text" in e) out.push(indent + e.text);
      else if ("section" in e) out.push(`${indent}${e.label}:`, e.section.toString(indent + "  ").trimEnd());
      else {
        const [first = "", ...rest] = e.value.split("\n");
        out.push(`${indent}${(e.label + ":").padEnd(width)}  ${first}`);
        for (const line of rest) out.push(`${indent}${" ".repeat(width)}  ${line}`);
      }
    }
    return out.filter((l) => l !== "").join("\n") + "\n";
  }
}
