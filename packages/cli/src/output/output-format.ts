// What `-o` asks for: one of the named formats, or a template after `=` (kubectl's
// `-o jsonpath='{.items[*].metadata.name}'`, `-o custom-columns=NAME:.metadata.name`).
import { UsageError } from "../usage-error.js";

export type OutputFormat = "wide" | "yaml" | "json" | "name" | "jsonpath" | "custom-columns";

export interface Output {
  format?: OutputFormat;
  /** The jsonpath template or the custom-columns spec. */
  template?: string;
}

const PLAIN = ["wide", "yaml", "json", "name"] as const;
const TEMPLATED = ["jsonpath", "custom-columns"] as const;

export const OUTPUT_HELP = `Output format: ${PLAIN.join(", ")}, jsonpath=TEMPLATE or custom-columns=SPEC`;

export function parseOutput(value: string | undefined): Output {
  if (value === undefined) return {};
  const eq = value.indexOf("=");
  const name = eq < 0 ? value : value.slice(0, eq);
  if ((PLAIN as readonly string[]).includes(name) && eq < 0) return { format: name as OutputFormat };
  if ((TEMPLATED as readonly string[]).includes(name)) {
    const template = eq < 0 ? "" : value.slice(eq + 1);
    if (!template) throw new UsageError(`${name} template format specified but no template given`);
    return { format: name as OutputFormat, template };
  }
  // kubectl's words for a format it does not know.
  const allowed = [...PLAIN, ...TEMPLATED.map((t) => `${t}=...`)];
  throw new UsageError(`unable to match a printer suitable for the output format "${value}", allowed formats are: ${allowed.join(",")}`);
}
