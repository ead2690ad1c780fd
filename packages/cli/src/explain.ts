// `skiff explain`'s text, laid out as kubectl's: KIND and VERSION, the FIELD asked about, its
// DESCRIPTION when the schema has one, then its FIELDS with their types.
import type { Explained, KindInfo } from "@skiff/api";

export function formatExplain(info: KindInfo, path: readonly string[], doc: Explained): string {
  const lines = [`KIND:       ${info.kind}`, `VERSION:    ${info.apiVersion}`, ""];
  if (path.length) lines.push(`FIELD: ${doc.name} <${doc.type}>`, "");
  if (doc.description) lines.push("DESCRIPTION:", ...doc.description.split("\n").map((l) => `    ${l}`), "");
  if (doc.fields.length) {
    lines.push("FIELDS:");
    for (const f of doc.fields) {
      lines.push(`  ${f.name}\t<${f.type}>${f.required ? " -required-" : ""}`);
      if (f.description) lines.push(...f.description.split("\n").map((l) => `    ${l}`), "");
    }
  }
  return lines.join("\n").trimEnd() + "\n";
}
