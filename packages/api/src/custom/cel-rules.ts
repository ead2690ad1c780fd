// x-kubernetes-validations: a CRD's CEL rules, evaluated by @marcbachmann/cel-js (a maintained
// CEL implementation for Node, no dependencies). Each rule sits on a schema node and sees that
// node's value as `self`; a rule that is not true refuses the object with its `message` (or its
// `messageExpression`'s result, or `failed rule: RULE`) at the node's path, plus its `fieldPath`:
// `spec: replicas must not exceed maxReplicas`. A rule that does not compile refuses the CRD.
//
// Transition rules (those naming `oldSelf`) are checked on updates only, against the stored
// object, by the admission chain (server: admission/custom-resource-rules.ts), where both objects
// are known; on a create they do not apply, as in Kubernetes. Not done: Kubernetes' own CEL libraries (quantity, url, ip, format) are not there,
// so a rule calling them fails to compile; no cost budget is enforced.
import { parse } from "@marcbachmann/cel-js";
import type { FieldIssue } from "../errors.js";
import { formatPath, type PathSegment } from "../paths.js";
import { isRecord } from "../schemas/fields.js";
import type { JSONSchemaProps } from "../types/apiextensions.js";

interface RuleSpec {
  rule?: unknown;
  message?: unknown;
  messageExpression?: unknown;
  fieldPath?: unknown;
}

interface CompiledRule {
  rule: string;
  message?: string;
  messageExpression?: (context: Record<string, unknown>) => unknown;
  fieldPath: string;
  check: (context: Record<string, unknown>) => unknown;
}

export type CelValidator = (body: unknown) => FieldIssue[];

const TRANSITION = /\boldSelf\b/;

function rulesOf(node: JSONSchemaProps): RuleSpec[] {
  const rules = (node as Record<string, unknown>)["x-kubernetes-validations"];
  return Array.isArray(rules) ? (rules.filter(isRecord) as RuleSpec[]) : [];
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split("\n")[0]!;
}

/** Every rule of `schema` that does not compile, at its path in the CRD (`base`): the CRD is refused. */
export function celRuleIssues(schema: unknown, base: PathSegment[]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  walkSchema(schema, base, (node, path) => {
    rulesOf(node).forEach((r, i) => {
      const at = (field: string) => formatPath([...path, "x-kubernetes-validations", i, field]);
      if (typeof r.rule !== "string" || r.rule.trim() === "") return void issues.push({ path: at("rule"), message: "required: a CEL expression" });
      for (const [field, text] of [["rule", r.rule], ["messageExpression", r.messageExpression]] as const) {
        if (typeof text !== "string") continue;
        try {
          parse(text);
        } catch (err) {
          issues.push({ path: at(field), message: `compilation failed: ${firstLine(err)}` });
        }
      }
    });
  });
  return issues;
}

function walkSchema(node: unknown, path: PathSegment[], visit: (node: JSONSchemaProps, path: PathSegment[]) => void): void {
  if (!isRecord(node)) return;
  visit(node as JSONSchemaProps, path);
  if (isRecord(node.properties)) for (const [name, sub] of Object.entries(node.properties)) walkSchema(sub, [...path, "properties", name], visit);
  if (isRecord(node.additionalProperties)) walkSchema(node.additionalProperties, [...path, "additionalProperties"], visit);
  if (isRecord(node.items)) walkSchema(node.items, [...path, "items"], visit);
}

type Compiled = Map<JSONSchemaProps, CompiledRule[]>;

// The rules of `schema` that name oldSelf (transition) or not, compiled; undefined when there are none.
function compileRules(schema: JSONSchemaProps, transition: boolean): Compiled | undefined {
  const compiled: Compiled = new Map();
  walkSchema(schema, [], (node) => {
    const rules = rulesOf(node).filter((r): r is RuleSpec & { rule: string } => typeof r.rule === "string" && TRANSITION.test(r.rule) === transition);
    if (rules.length === 0) return;
    compiled.set(
      node,
      rules.map((r) => ({
        rule: r.rule,
        check: parse(r.rule),
        ...(typeof r.message === "string" ? { message: r.message } : {}),
        ...(typeof r.messageExpression === "string" ? { messageExpression: parse(r.messageExpression) } : {}),
        fieldPath: typeof r.fieldPath === "string" ? r.fieldPath : "",
      })),
    );
  });
  return compiled.size > 0 ? compiled : undefined;
}

/** The rules of `schema` that do not name oldSelf, compiled once; the validator walks an object's body along the schema. */
export function compileCelRules(schema: JSONSchemaProps): CelValidator | undefined {
  const compiled = compileRules(schema, false);
  if (!compiled) return undefined;
  return (body) => {
    const issues: FieldIssue[] = [];
    evaluate(schema, body, undefined, [], compiled, issues);
    return issues;
  };
}

export type TransitionValidator = (body: unknown, oldBody: unknown) => FieldIssue[];

/**
 * The transition rules (naming oldSelf), for an update: each is checked where the node has a value
 * both in the new object and in the stored one, as Kubernetes does (list items are not correlated
 * here: a transition rule under an array's items is not checked).
 */
export function compileTransitionRules(schema: JSONSchemaProps): TransitionValidator | undefined {
  const compiled = compileRules(schema, true);
  if (!compiled) return undefined;
  return (body, oldBody) => {
    const issues: FieldIssue[] = [];
    evaluate(schema, body, { value: oldBody }, [], compiled, issues);
    return issues;
  };
}

// `old`: for transition rules, the stored value at the same node (absent: the rules do not apply there).
function evaluate(node: JSONSchemaProps, value: unknown, old: { value: unknown } | undefined, path: PathSegment[], compiled: Compiled, issues: FieldIssue[]): void {
  if (value === undefined || value === null) return;
  const transition = old !== undefined;
  if (!transition || (old.value !== undefined && old.value !== null)) {
    for (const rule of compiled.get(node) ?? []) {
      const context: Record<string, unknown> = transition ? { self: value, oldSelf: old.value } : { self: value };
      let outcome: unknown;
      try {
        outcome = rule.check(context);
      } catch (err) {
        issues.push({ path: pathOf(path, rule.fieldPath), message: `failed rule: ${rule.rule}: ${firstLine(err)}` });
        continue;
      }
      if (outcome !== true) issues.push({ path: pathOf(path, rule.fieldPath), message: messageOf(rule, context) });
    }
  }
  const oldAt = (key: string): { value: unknown } | undefined => (transition ? { value: isRecord(old.value) ? old.value[key] : undefined } : undefined);
  if (isRecord(value)) {
    const props = isRecord(node.properties) ? node.properties : {};
    for (const [name, sub] of Object.entries(props)) evaluate(sub, value[name], oldAt(name), [...path, name], compiled, issues);
    if (isRecord(node.additionalProperties)) {
      for (const [key, v] of Object.entries(value)) if (!Object.hasOwn(props, key)) evaluate(node.additionalProperties as JSONSchemaProps, v, oldAt(key), [...path, key], compiled, issues);
    }
  }
  if (!transition && Array.isArray(value) && isRecord(node.items)) value.forEach((item, i) => evaluate(node.items!, item, undefined, [...path, i], compiled, issues));
}

function messageOf(rule: CompiledRule, context: Record<string, unknown>): string {
  if (rule.messageExpression) {
    try {
      const text = rule.messageExpression(context);
      if (typeof text === "string" && text.trim() !== "") return text;
    } catch {
      // Kubernetes falls back to the message when the expression fails.
    }
  }
  return rule.message ?? `failed rule: ${rule.rule}`;
}

// fieldPath is written from the node, as `.replicas` or `['x.y']`.
function pathOf(path: PathSegment[], fieldPath: string): string {
  const base = formatPath(path);
  if (!fieldPath) return base;
  const rest = fieldPath.startsWith(".") ? fieldPath.slice(1) : fieldPath;
  return base === "" ? rest : rest.startsWith("[") ? `${base}${rest}` : `${base}.${rest}`;
}
