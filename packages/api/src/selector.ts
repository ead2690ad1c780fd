// Label selectors, with Kubernetes' semantics (k8s.io/apimachinery/pkg/labels): every requirement
// must hold; a negative requirement (`!=`, `notin`, `!key`) also matches objects without the label.
import { ValidationError, type FieldIssue } from "./errors.js";
import { checkLabelValue, checkQualifiedName } from "./names.js";
import type { LabelSelector } from "./types.js";
import { parseRequirements } from "./selector-syntax.js";
import { formatPath } from "./paths.js";

/**
 * One condition on one label key.
 * - `=`: the label is present with that value (`app=web`, also written `app==web`).
 * - `!=`: the label is absent or has another value (`tier!=db`).
 * - `in` / `notin`: the value is (is not, or the label is absent) one of `values` (`env in (a,b)`).
 * - `exists`: the label is present with any value (`gpu`).
 * - `!`: the label is absent (`!legacy`).
 * `values` holds one value for `=` and `!=`, the set for `in`/`notin`, and nothing otherwise.
 */
export interface Requirement {
  key: string;
  operator: "=" | "!=" | "in" | "notin" | "exists" | "!";
  values: string[];
}

export interface Selector {
  readonly requirements: readonly Requirement[];
  matches(labels: Record<string, string> | undefined): boolean;
  /** True for the selector that matches everything. */
  isEmpty(): boolean;
  /** The string form `parseSelector` reads back: `app=web,env in (prod,staging),!legacy`. */
  toString(): string;
}

function holds(r: Requirement, labels: Record<string, string>): boolean {
  const has = Object.hasOwn(labels, r.key);
  const value = has ? labels[r.key] : undefined;
  switch (r.operator) {
    case "=":
    case "in":
      return has && r.values.includes(value as string);
    case "!=":
    case "notin":
      return !has || !r.values.includes(value as string);
    case "exists":
      return has;
    case "!":
      return !has;
  }
}

function format(r: Requirement): string {
  switch (r.operator) {
    case "=":
    case "!=":
      return `${r.key}${r.operator}${r.values[0] ?? ""}`;
    case "in":
    case "notin":
      return `${r.key} ${r.operator} (${r.values.join(",")})`;
    case "exists":
      return r.key;
    case "!":
      return `!${r.key}`;
  }
}

/** Requirements sorted by key, values sorted: two equal selectors print the same. */
function makeSelector(requirements: Requirement[]): Selector {
  const sorted = requirements
    .map((r) => ({ ...r, values: [...r.values].sort() }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return Object.freeze({
    requirements: Object.freeze(sorted),
    matches: (labels: Record<string, string> | undefined) => sorted.every((r) => holds(r, labels ?? {})),
    isEmpty: () => sorted.length === 0,
    toString: () => sorted.map(format).join(","),
  });
}

/** The selector that matches every object (an empty selector). */
export const everything: Selector = makeSelector([]);

/** Validate keys and values; `where` names each requirement in messages. */
function checkRequirement(r: Requirement, where: string, keyPath: string, valuePath: (i: number) => string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const badKey = checkQualifiedName(r.key);
  if (badKey) issues.push({ path: keyPath, message: `invalid label key "${r.key}" in ${where}: ${badKey}` });
  r.values.forEach((v, i) => {
    const bad = checkLabelValue(v);
    if (bad) issues.push({ path: valuePath(i), message: `invalid label value "${v}" in ${where}: ${bad}` });
  });
  return issues;
}

/**
 * Parse Kubernetes' string form: `app=web,tier!=db`, `app==web`, `env in (prod, staging)`,
 * `tier notin (db)`, `gpu`, `!legacy`. The empty string selects everything.
 */
export function parseSelector(s: string): Selector {
  const requirements = parseRequirements(s);
  const issues = requirements.flatMap((r) => checkRequirement(r, `selector "${s}"`, "", () => ""));
  if (issues.length > 0) throw new ValidationError(issues.map((i) => ({ path: "", message: i.message })));
  return makeSelector(requirements);
}

const OPERATORS: Record<string, Requirement["operator"]> = {
  In: "in",
  NotIn: "notin",
  Exists: "exists",
  DoesNotExist: "!",
};

/**
 * The selector of a Deployment, ReplicaSet or Service-like object: `matchLabels` and
 * `matchExpressions` (In, NotIn, Exists, DoesNotExist), all of which must hold. An empty
 * LabelSelector matches everything. Issue paths are relative to the LabelSelector.
 */
export function selectorFromLabelSelector(ls: LabelSelector): Selector {
  const requirements: Requirement[] = [];
  const issues: FieldIssue[] = [];
  for (const [key, value] of Object.entries(ls.matchLabels ?? {})) {
    const r: Requirement = { key, operator: "=", values: [value] };
    const path = formatPath(["matchLabels", key]);
    issues.push(...checkRequirement(r, "matchLabels", path, () => path));
    requirements.push(r);
  }
  (ls.matchExpressions ?? []).forEach((e, i) => {
    const path = `matchExpressions[${i}]`;
    const operator = OPERATORS[e.operator];
    const values = e.values ?? [];
    if (!operator) {
      issues.push({ path: `${path}.operator`, message: `must be one of "In", "NotIn", "Exists", "DoesNotExist"` });
      return;
    }
    if ((operator === "in" || operator === "notin") && values.length === 0) {
      issues.push({ path: `${path}.values`, message: `must be specified when operator is "${e.operator}"` });
    }
    if ((operator === "exists" || operator === "!") && values.length > 0) {
      issues.push({ path: `${path}.values`, message: `may not be specified when operator is "${e.operator}"` });
    }
    const r: Requirement = { key: e.key, operator, values };
    issues.push(...checkRequirement(r, "matchExpressions", `${path}.key`, (j) => `${path}.values[${j}]`));
    requirements.push(r);
  });
  if (issues.length > 0) throw new ValidationError(issues);
  return makeSelector(requirements);
}
