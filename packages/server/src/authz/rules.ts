// Whether one PolicyRule covers a request: Kubernetes' rbac/v1 helpers (VerbMatches,
// APIGroupMatches, ResourceMatches, ResourceNameMatches, NonResourceURLMatches), word for word.
import type { PolicyRule } from "@skiff/api";
import type { NonResourceAttributes, RequestAttributes, ResourceAttributes } from "./types.js";

const ALL = "*";

export function ruleAllows(rule: PolicyRule, a: RequestAttributes): boolean {
  return a.resourceRequest ? resourceRuleAllows(rule, a) : nonResourceRuleAllows(rule, a);
}

function resourceRuleAllows(rule: PolicyRule, a: ResourceAttributes): boolean {
  return (
    verbMatches(rule, a.verb) &&
    (rule.apiGroups ?? []).some((g) => g === ALL || g === a.apiGroup) &&
    resourceMatches(rule, a.subresource ? `${a.resource}/${a.subresource}` : a.resource, a.subresource) &&
    resourceNameMatches(rule, a.name)
  );
}

function nonResourceRuleAllows(rule: PolicyRule, a: NonResourceAttributes): boolean {
  return verbMatches(rule, a.verb) && (rule.nonResourceURLs ?? []).some((u) => u === ALL || u === a.path || (u.endsWith("*") && a.path.startsWith(u.slice(0, -1))));
}

function verbMatches(rule: PolicyRule, verb: string): boolean {
  return rule.verbs.some((v) => v === ALL || v === verb);
}

/** `*`, the exact `resource` or `resource/subresource`, or `*\/subresource` for any resource's subresource. */
function resourceMatches(rule: PolicyRule, combined: string, subresource: string): boolean {
  return (rule.resources ?? []).some((r) => r === ALL || r === combined || (subresource !== "" && r === `*/${subresource}`));
}

/** No resourceNames: any name. Else the request must name one of them (so never a list or a create). */
function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(name);
}
