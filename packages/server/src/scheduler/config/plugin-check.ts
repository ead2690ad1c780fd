// What a plugin module must export, checked before the server starts: its default export is a
// plugin, or an array of plugins. A plugin is an object with a `name` and a `filter(pod, node)`
// or a `score(pod, node)` function (or both); a scorer has a weight from 1 to 100. Pure: the
// loader (load.ts) brings the module's exports.
import type { Plugin } from "../types.js";
import { MAX_WEIGHT, MIN_WEIGHT } from "./schema.js";

const NAME = /^[A-Za-z][A-Za-z0-9._-]*$/;

/** What is missing or wrong in `value` for it to be a plugin; empty when it is one. */
export function pluginProblems(value: unknown): string[] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return [`it is ${describe(value)}, not an object with a name and a filter(pod, node) or score(pod, node) function`];
  }
  const p = value as Record<string, unknown>;
  const problems: string[] = [];
  if (p.name === undefined) problems.push("missing name (a string such as \"MostAllocated\")");
  else if (typeof p.name !== "string" || !NAME.test(p.name)) problems.push(`name ${JSON.stringify(p.name)} is not a plugin name (a letter, then letters, digits, ".", "_" or "-")`);
  for (const fn of ["filter", "score"] as const) {
    if (p[fn] !== undefined && typeof p[fn] !== "function") problems.push(`${fn} is ${describe(p[fn])}, not a function`);
  }
  if (p.filter === undefined && p.score === undefined) {
    problems.push("missing filter(pod, node) or score(pod, node): a plugin needs at least one");
  }
  if (typeof p.score === "function") {
    const w = p.weight;
    if (w === undefined) problems.push(`missing weight (a score plugin's weight, an integer from ${MIN_WEIGHT} to ${MAX_WEIGHT})`);
    else if (typeof w !== "number" || !Number.isInteger(w) || w < MIN_WEIGHT || w > MAX_WEIGHT) problems.push(`weight ${JSON.stringify(w)} is not an integer from ${MIN_WEIGHT} to ${MAX_WEIGHT}`);
  }
  return problems;
}

/**
 * The plugins a module's namespace object exports, or why it exports none. `export default
 * plugin` and `export default [a, b]` both work; named exports alone do not (say so).
 */
export function exportedPlugins(namespace: Record<string, unknown>): { plugins: Plugin[] } | { problems: string[] } {
  if (!("default" in namespace) || namespace.default === undefined) {
    const named = Object.keys(namespace);
    return { problems: [`it has no default export: \`export default\` a plugin or an array of plugins${named.length ? ` (it exports ${named.join(", ")})` : ""}`] };
  }
  const value = namespace.default;
  const items = Array.isArray(value) ? value : [value];
  if (items.length === 0) return { problems: ["its default export is an empty array: no plugins"] };
  const problems = items.flatMap((item, i) => pluginProblems(item).map((p) => (Array.isArray(value) ? `default export [${i}]: ${p}` : `default export: ${p}`)));
  return problems.length ? { problems } : { plugins: items as Plugin[] };
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "function") return "a function (call it and export what it returns?)";
  return typeof v === "object" ? "an object" : `a ${typeof v} (${JSON.stringify(v)})`;
}
