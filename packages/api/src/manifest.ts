// Manifest files: one or more YAML (or JSON) documents, as `kubectl apply -f` reads them.
//
// YAML 1.2 with the core schema, on purpose: `yes`, `no`, `on` and `off` stay strings and dates
// stay strings. Kubernetes (sigs.k8s.io/yaml, YAML 1.1 rules) reads unquoted yes/no/on/off as
// booleans; quote them and both read the same. Keys are always strings; a complex key is an error.
import { parseAllDocuments, type Document } from "yaml";
import { ValidationError, type FieldIssue } from "./errors.js";
import { describeValue } from "./issues.js";

export interface ManifestDocument {
  /** `FILE`, `FILE (document 2)`, or `FILE (document 2, item 3)` for an item of a List. */
  source: string;
  /** Position of this object in the returned list, from 0. */
  index: number;
  /** The parsed document: a plain object, not yet validated (see validateObject). */
  object: unknown;
}

export interface ParseManifestOptions {
  /** Reject larger input, 3 MiB by default (the Kubernetes API's request limit). */
  maxBytes?: number;
}

const MiB = 1024 * 1024;
const DEFAULT_MAX_BYTES = 3 * MiB;

/** UTF-8 size without encoding the text (which may be huge). */
function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

function formatSize(bytes: number, precise: boolean): string {
  const [unit, size] = bytes >= MiB ? ["MiB", MiB] : bytes >= 1024 ? ["KiB", 1024] : ["bytes", 1];
  const value = (bytes / size).toFixed(size === 1 ? 0 : 1);
  return `${precise ? value : value.replace(/\.0$/, "")} ${unit}`;
}

function checkSize(text: string, source: string, maxBytes: number): void {
  if (text.length * 3 <= maxBytes) return; // cannot be over, even if every character took 3 bytes
  const bytes = utf8Length(text);
  if (bytes <= maxBytes) return;
  throw new ValidationError([
    { source, path: "", message: `manifest is ${formatSize(bytes, true)}, larger than the ${formatSize(maxBytes, false)} limit` },
  ]);
}

/** yaml's message without its own position and excerpt: we print the position our way. */
function syntaxIssue(source: string, e: { message: string; linePos?: [{ line: number; col: number }, ...unknown[]] }): FieldIssue {
  const what = (e.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "");
  const where = e.linePos ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}: ` : "";
  return { source, path: "", message: `${where}${what}` };
}

const isMapping = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** kubectl's `kind: List` (and `PodList`…, as `kubectl get -o yaml` writes) holds objects in `items`. */
const isList = (v: Record<string, unknown>): boolean =>
  typeof v.kind === "string" && v.kind.endsWith("List") && Array.isArray(v.items);

function what(v: unknown): string {
  const type = describeValue(v);
  return type === "array" ? "a sequence" : type === "object" ? "an object" : `a ${type}`;
}

/**
 * Split `text` into documents (`---` separators, `...` end markers, comments, JSON), skip empty
 * ones, expand Lists. Throws one ValidationError naming every syntax error (with line and column)
 * and every document that is not a mapping.
 */
export function parseManifests(text: string, source: string, options: ParseManifestOptions = {}): ManifestDocument[] {
  checkSize(text, source, options.maxBytes ?? DEFAULT_MAX_BYTES);
  let docs: Document.Parsed[];
  try {
    docs = Array.from(parseAllDocuments(text, { version: "1.2", schema: "core", stringKeys: true }) as Document.Parsed[]);
  } catch (e) {
    // Pathological input (e.g. nesting deep enough to exhaust the stack).
    throw new ValidationError([{ source, path: "", message: `cannot parse: ${e instanceof Error ? e.message : String(e)}` }]);
  }
  const issues: FieldIssue[] = docs.flatMap((d) => d.errors.map((e) => syntaxIssue(source, e)));
  if (issues.length > 0) throw new ValidationError(issues);

  const values: { n: number; value: unknown }[] = [];
  docs.forEach((d, i) => {
    try {
      const value: unknown = d.toJS({ maxAliasCount: 100 });
      if (value !== null && value !== undefined) values.push({ n: i + 1, value });
    } catch (e) {
      issues.push({ source: `${source} (document ${i + 1})`, path: "", message: e instanceof Error ? e.message : String(e) });
    }
  });

  const docSource = (n: number): string => (values.length === 1 ? source : `${source} (document ${n})`);
  const out: ManifestDocument[] = [];
  for (const { n, value } of values) {
    const where = docSource(n);
    if (!isMapping(value)) {
      issues.push({ source: where, path: "", message: `expected a mapping (an object with apiVersion, kind and metadata), got ${what(value)}` });
    } else if (isList(value)) {
      (value.items as unknown[]).forEach((item, j) => {
        const itemSource = values.length === 1 ? `${source} (item ${j + 1})` : `${source} (document ${n}, item ${j + 1})`;
        if (isMapping(item)) out.push({ source: itemSource, index: out.length, object: item });
        else issues.push({ source: itemSource, path: "", message: `expected a mapping, got ${what(item)}` });
      });
    } else {
      out.push({ source: where, index: out.length, object: value });
    }
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return out;
}
