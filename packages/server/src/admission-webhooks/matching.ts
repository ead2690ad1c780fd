// Which webhooks a request goes to, as the Kubernetes API server decides (admission/plugin/
// webhook/predicates): a rule matches on operation, group, version, resource/subresource and
// scope; then the namespace selector (on the labels of the object's namespace) and the object
// selector (on the labels of the object or of its old version) must both hold. Pure.
import { selectorFromLabelSelector, type ApiObject, type LabelSelector, type RuleWithOperations, type Webhook } from "@skiff/api";

export type Operation = "CREATE" | "UPDATE" | "DELETE" | "CONNECT";

/** What a request is about, in the terms rules are written in. */
export interface RequestAttributes {
  operation: Operation;
  /** "" for the core group. */
  group: string;
  version: string;
  /** The plural: `pods`. */
  resource: string;
  /** `status`, or "" for the object itself. */
  subresource: string;
  /** "" for a cluster-scoped object. */
  namespace: string;
  object?: ApiObject;
  oldObject?: ApiObject;
}

/** One webhook of one configuration, with what it needs to be called and named. */
export interface ConfiguredWebhook {
  configuration: string;
  webhook: Webhook;
}

/** The webhooks (in the order given) that this request must be sent to. */
export function matchingWebhooks(
  hooks: readonly ConfiguredWebhook[],
  request: RequestAttributes,
  namespaceLabels: Record<string, string> | undefined,
): ConfiguredWebhook[] {
  return hooks.filter(({ webhook }) =>
    (webhook.rules ?? []).some((r) => ruleMatches(r, request)) &&
    namespaceMatches(webhook.namespaceSelector, request, namespaceLabels) &&
    objectMatches(webhook.objectSelector, request));
}

export function ruleMatches(rule: RuleWithOperations, r: RequestAttributes): boolean {
  const anyOr = (list: readonly string[], value: string) => list.includes("*") || list.includes(value);
  return anyOr(rule.operations, r.operation) && anyOr(rule.apiGroups, r.group) && anyOr(rule.apiVersions, r.version) && resourceMatches(rule.resources, r) && scopeMatches(rule.scope, r);
}

// `pods` is the object alone; `pods/status` one subresource; `pods/*` every subresource;
// `*` every resource but no subresource; `*/*` everything.
function resourceMatches(resources: readonly string[], r: RequestAttributes): boolean {
  return resources.some((entry) => {
    const slash = entry.indexOf("/");
    const res = slash < 0 ? entry : entry.slice(0, slash);
    const sub = slash < 0 ? "" : entry.slice(slash + 1);
    return (res === "*" || res === r.resource) && (sub === "*" || sub === r.subresource);
  });
}

// A Namespace is cluster-scoped, as in Kubernetes.
function scopeMatches(scope: RuleWithOperations["scope"], r: RequestAttributes): boolean {
  if (scope === undefined || scope === "*") return true;
  return scope === "Namespaced" ? r.namespace !== "" : r.namespace === "";
}

// A cluster-scoped object other than a Namespace is never filtered by the namespace selector;
// a Namespace is judged by its own labels.
function namespaceMatches(selector: LabelSelector | undefined, r: RequestAttributes, namespaceLabels: Record<string, string> | undefined): boolean {
  if (!selector || isEmpty(selector)) return true;
  if (r.resource === "namespaces" && r.group === "") return selectorFromLabelSelector(selector).matches(labelsOf(r) ?? {});
  if (r.namespace === "") return true;
  return selectorFromLabelSelector(selector).matches(namespaceLabels ?? {});
}

// Either version of the object may match: a webhook that selects `team=a` sees an update that
// takes the label away.
function objectMatches(selector: LabelSelector | undefined, r: RequestAttributes): boolean {
  if (!selector || isEmpty(selector)) return true;
  const s = selectorFromLabelSelector(selector);
  return [r.object, r.oldObject].some((o) => o !== undefined && s.matches(o.metadata.labels ?? {}));
}

function labelsOf(r: RequestAttributes): Record<string, string> | undefined {
  return (r.object ?? r.oldObject)?.metadata.labels;
}

function isEmpty(s: LabelSelector): boolean {
  return Object.keys(s.matchLabels ?? {}).length === 0 && (s.matchExpressions ?? []).length === 0;
}
