// kubectl's JSONPath template dialect (k8s.io/client-go/util/jsonpath), parsed into a tree:
// text outside `{...}` is printed as it is; inside, a path (`.items[*].metadata.name`, `..name`,
// `['metadata.name']`, `[0:2]`, `[?(@.status.phase=="Running")]`, `[a,b]` unions), a quoted
// string (`{"\n"}`, `{'\t'}`), or `range PATH` ... `end`, which prints its body once per result.
// No npm library implements this dialect (JSONPath-Plus and jsonpath follow Goessner's, without
// templates or range), so it is written here, tested on kubectl's documented examples.
import { SkiffError } from "../errors.js";

export type Literal = string | number | boolean | null;

export type Operand = { path: Path } | { literal: Literal };

export type Step =
  | { type: "field"; name: string }
  | { type: "recursive"; name?: string }
  | { type: "wildcard" }
  | { type: "slice"; start?: number; end?: number; step?: number; index: boolean }
  | { type: "union"; branches: Step[][] }
  | { type: "filter"; left: Operand; op?: Comparison; right?: Operand };

export type Comparison = "==" | "!=" | "<" | "<=" | ">" | ">=";

/** `$` starts at the whole object; `@` (or a bare `.`) at the current one (a `range`'s item). */
export interface Path {
  root: "$" | "@";
  steps: Step[];
}

export type TemplateNode = { type: "text"; text: string } | { type: "path"; path: Path } | { type: "range"; path: Path; body: TemplateNode[] };

/** A template or path that does not parse: the user's to fix (exit 1), in kubectl's words. */
export class JsonPathError extends SkiffError {
  readonly code = "INVALID_ARGUMENT";
}

/** The template's tree; a JsonPathError names what is wrong, as kubectl: `error parsing jsonpath T, why`. */
export function parseTemplate(template: string): TemplateNode[] {
  try {
    return parseNodes(template);
  } catch (err) {
    throw err instanceof JsonPathError ? new JsonPathError(`error parsing jsonpath ${template}, ${err.message}`) : err;
  }
}

function parseNodes(template: string): TemplateNode[] {
  const stack: TemplateNode[][] = [[]];
  const ranges: Extract<TemplateNode, { type: "range" }>[] = [];
  const out = () => stack[stack.length - 1] as TemplateNode[];
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf("{", i);
    if (open < 0) {
      out().push({ type: "text", text: template.slice(i) });
      break;
    }
    if (open > i) out().push({ type: "text", text: template.slice(i, open) });
    const close = actionEnd(template, open + 1);
    if (close < 0) throw new JsonPathError(`unclosed action`);
    const action = template.slice(open + 1, close).trim();
    i = close + 1;
    if (action === "end") {
      if (!ranges.pop()) throw new JsonPathError("not in range, nothing to end");
      stack.pop();
    } else if (action.startsWith("range ") || action === "range") {
      const node = { type: "range" as const, path: parsePath(action.slice(5).trim()), body: [] as TemplateNode[] };
      out().push(node);
      ranges.push(node);
      stack.push(node.body);
    } else if (isQuoted(action)) {
      out().push({ type: "text", text: unquote(action) });
    } else {
      out().push({ type: "path", path: parsePath(action) });
    }
  }
  if (ranges.length) throw new JsonPathError("unclosed range, no {end}");
  return stack[0] as TemplateNode[];
}

/** The `}` that closes an action opened before `from`, skipping quoted strings. */
function actionEnd(s: string, from: number): number {
  let quote = "";
  for (let i = from; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = "";
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "}") return i;
  }
  return -1;
}

function isQuoted(s: string): boolean {
  return s.length >= 2 && (s[0] === '"' || s[0] === "'") && s[s.length - 1] === s[0];
}

const ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\", '"': '"', "'": "'", "0": "\0" };

/** A quoted string with Go's escapes interpreted (`"\n"` is a newline). */
function unquote(s: string): string {
  return s.slice(1, -1).replace(/\\(.)/g, (_, c: string) => ESCAPES[c] ?? c);
}

/** `.a.b[0]`, `$.a`, `@.a`, `..name`, `a.b` (a bare key is a field of the current object). */
export function parsePath(text: string): Path {
  let s = text.trim();
  let root: Path["root"] = "@";
  if (s.startsWith("$")) {
    root = "$";
    s = s.slice(1);
  } else if (s.startsWith("@")) s = s.slice(1);
  else if (s !== "" && s[0] !== "." && s[0] !== "[") s = "." + s;
  return { root, steps: parseSteps(s) };
}

function parseSteps(s: string): Step[] {
  const steps: Step[] = [];
  let i = 0;
  while (i < s.length) {
    if (s.startsWith("..", i)) {
      i += 2;
      const { name, next } = readKey(s, i);
      steps.push(name === "*" || name === "" ? { type: "recursive" } : { type: "recursive", name });
      i = next;
    } else if (s[i] === ".") {
      const { name, next } = readKey(s, i + 1);
      // `{.}` and `{.a.}` name the current value itself.
      if (name === "*") steps.push({ type: "wildcard" });
      else if (name !== "") steps.push({ type: "field", name });
      i = next;
    } else if (s[i] === "[") {
      const close = bracketEnd(s, i);
      if (close < 0) throw new JsonPathError(`unterminated array in ${s}`);
      steps.push(parseBracket(s.slice(i + 1, close).trim()));
      i = close + 1;
    } else {
      throw new JsonPathError(`unrecognized character in action: ${JSON.stringify(s.slice(i))}`);
    }
  }
  return steps;
}

/** A field name: up to the next unescaped `.` or `[`; `\.` is a dot inside the name. */
function readKey(s: string, from: number): { name: string; next: number } {
  let name = "";
  let i = from;
  for (; i < s.length; i++) {
    const c = s[i] as string;
    if (c === "\\" && i + 1 < s.length) name += s[++i];
    else if (c === "." || c === "[") break;
    else name += c;
  }
  return { name: name.trim(), next: i };
}

function bracketEnd(s: string, open: number): number {
  let depth = 0;
  let quote = "";
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = "";
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "[" || c === "(") depth++;
    else if (c === "]" || c === ")") {
      depth--;
      if (depth === 0 && c === "]") return i;
    }
  }
  return -1;
}

function parseBracket(inner: string): Step {
  if (inner === "*") return { type: "wildcard" };
  if (inner.startsWith("?(") && inner.endsWith(")")) return parseFilter(inner.slice(2, -1).trim());
  const parts = splitOutsideQuotes(inner, ",");
  if (parts.length > 1) return { type: "union", branches: parts.map((p) => [parseBracket(p.trim())]) };
  // kubectl reads a quoted key as a path of its own: ['metadata.name'] is .metadata.name, and
  // ['name\.type'] the one field `name.type`.
  if (isQuoted(inner)) {
    const steps = parseSteps("." + inner.slice(1, -1));
    return steps.length === 1 ? (steps[0] as Step) : { type: "union", branches: [steps] };
  }
  const m = /^(-?\d*)\s*(?::\s*(-?\d*)\s*(?::\s*(-?\d*))?)?$/.exec(inner);
  if (!m || inner === "") throw new JsonPathError(`invalid array index ${inner}`);
  const num = (v: string | undefined) => (v === undefined || v === "" ? undefined : Number(v));
  if (!inner.includes(":")) return { type: "slice", start: num(m[1]), index: true };
  return { type: "slice", start: num(m[1]), end: num(m[2]), step: num(m[3]), index: false };
}

function splitOutsideQuotes(s: string, sep: string): string[] {
  const parts: string[] = [];
  let quote = "";
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = "";
    } else if (c === '"' || c === "'") quote = c;
    else if (c === sep) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(s.slice(start));
  return parts;
}

const COMPARISONS: Comparison[] = ["==", "!=", "<=", ">=", "<", ">"];

function parseFilter(expr: string): Step {
  for (let i = 0; i < expr.length; i++) {
    if (expr[i] === '"' || expr[i] === "'") {
      const end = expr.indexOf(expr[i] as string, i + 1);
      i = end < 0 ? expr.length : end;
      continue;
    }
    const op = COMPARISONS.find((o) => expr.startsWith(o, i));
    if (op) return { type: "filter", left: parseOperand(expr.slice(0, i)), op, right: parseOperand(expr.slice(i + op.length)) };
  }
  return { type: "filter", left: parseOperand(expr) };
}

function parseOperand(text: string): Operand {
  const s = text.trim();
  if (s.startsWith("@") || s.startsWith("$")) return { path: parsePath(s) };
  if (isQuoted(s)) return { literal: unquote(s) };
  if (s === "true" || s === "false") return { literal: s === "true" };
  if (s === "nil" || s === "null") return { literal: null };
  if (s !== "" && !Number.isNaN(Number(s))) return { literal: Number(s) };
  throw new JsonPathError(`unrecognized filter operand ${JSON.stringify(s)}`);
}
