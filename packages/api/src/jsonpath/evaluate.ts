// Evaluating a parsed kubectl JSONPath template against an object, and printing the results as
// kubectl does: the results of one action joined by spaces, strings bare, maps and lists as
// compact JSON, a missing field printing nothing (kubectl's --allow-missing-template-keys=true).
import { JsonPathError, parseTemplate, type Operand, type Path, type Step, type TemplateNode } from "./parse.js";

type Json = unknown;

const isObject = (v: Json): v is Record<string, Json> => v !== null && typeof v === "object" && !Array.isArray(v);

/** Every value `path` reaches from `current` (`$` starts at `root`). */
export function evaluatePath(path: Path, root: Json, current: Json): Json[] {
  return applySteps(path.steps, [path.root === "$" ? root : current], root);
}

function applySteps(steps: Step[], values: Json[], root: Json): Json[] {
  return steps.reduce<Json[]>((vs, step) => {
    // A union takes each branch over all the values, as kubectl does:
    // `.items[*]['metadata.name','status.capacity']` prints every name, then every capacity.
    if (step.type === "union") return step.branches.flatMap((branch) => applySteps(branch, vs, root));
    return vs.flatMap((v) => applyStep(step, v, root));
  }, values);
}

function applyStep(step: Step, value: Json, root: Json): Json[] {
  switch (step.type) {
    case "field":
      return isObject(value) && Object.hasOwn(value, step.name) ? [value[step.name]] : [];
    case "wildcard":
      return Array.isArray(value) ? value : isObject(value) ? sortedKeys(value).map((k) => value[k]) : [];
    case "recursive":
      return descendants(value).flatMap((v) => (step.name === undefined ? [v] : isObject(v) && Object.hasOwn(v, step.name) ? [v[step.name]] : []));
    case "slice":
      return Array.isArray(value) ? slice(value, step) : [];
    case "union":
      return applySteps([step], [value], root);
    case "filter": {
      const items = Array.isArray(value) ? value : isObject(value) ? sortedKeys(value).map((k) => value[k]) : [];
      return items.filter((item) => matches(step, item, root));
    }
  }
}

function sortedKeys(o: Record<string, Json>): string[] {
  return Object.keys(o).sort();
}

/** The value and everything under it, depth first, map keys in order (as Go's reflection gives them). */
function descendants(value: Json): Json[] {
  const children = Array.isArray(value) ? value : isObject(value) ? sortedKeys(value).map((k) => value[k]) : [];
  return [value, ...children.flatMap(descendants)];
}

function slice(list: Json[], s: Extract<Step, { type: "slice" }>): Json[] {
  const n = list.length;
  const norm = (i: number) => (i < 0 ? i + n : i);
  if (s.index) {
    const i = norm(s.start ?? 0);
    return i >= 0 && i < n ? [list[i]] : [];
  }
  const step = s.step ?? 1;
  if (step <= 0) return [];
  const start = Math.max(0, Math.min(n, norm(s.start ?? 0)));
  const end = Math.max(0, Math.min(n, norm(s.end ?? n)));
  const out: Json[] = [];
  for (let i = start; i < end; i += step) out.push(list[i]);
  return out;
}

function operandValues(o: Operand, item: Json, root: Json): Json[] {
  return "path" in o ? evaluatePath(o.path, root, item) : [o.literal];
}

function matches(step: Extract<Step, { type: "filter" }>, item: Json, root: Json): boolean {
  const left = operandValues(step.left, item, root);
  // `?(@.field)` alone: the field is there.
  if (!step.op || !step.right) return left.length > 0;
  const right = operandValues(step.right, item, root);
  return left.some((l) => right.some((r) => compare(l, step.op as string, r)));
}

function compare(l: Json, op: string, r: Json): boolean {
  // kubectl compares numbers as numbers (a quantity string "2" too), anything else as text.
  const bothNumbers = l !== "" && r !== "" && !Number.isNaN(Number(l)) && !Number.isNaN(Number(r)) && typeof l !== "boolean" && typeof r !== "boolean";
  const a = bothNumbers ? Number(l) : typeof l === "string" ? l : JSON.stringify(l);
  const b = bothNumbers ? Number(r) : typeof r === "string" ? r : JSON.stringify(r);
  switch (op) {
    case "==":
      return a === b;
    case "!=":
      return a !== b;
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    default:
      return a >= b;
  }
}

/** How kubectl prints one result: strings bare, maps and lists as compact JSON. */
export function textOf(value: Json): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function render(nodes: TemplateNode[], root: Json, current: Json): string {
  let out = "";
  for (const node of nodes) {
    if (node.type === "text") out += node.text;
    else if (node.type === "path") out += evaluatePath(node.path, root, current).map(textOf).join(" ");
    else for (const item of evaluatePath(node.path, root, current)) out += render(node.body, root, item);
  }
  return out;
}

/** `-o jsonpath=TEMPLATE`: the template printed for `data` (a List, or one object). */
export function renderTemplate(template: string, data: Json): string {
  return render(parseTemplate(template), data, data);
}

/**
 * kubectl's relaxed form for --sort-by and custom-columns: `.metadata.name`, `metadata.name` and
 * `{.metadata.name}` are the same path.
 */
export function relaxedPath(expression: string): Path {
  const trimmed = expression.trim();
  const nodes = parseTemplate(trimmed.startsWith("{") ? trimmed : `{${trimmed.startsWith(".") ? "" : "."}${trimmed}}`);
  const only = nodes[0];
  if (nodes.length !== 1 || only?.type !== "path") throw new JsonPathError(`unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}': ${expression}`);
  return only.path;
}
