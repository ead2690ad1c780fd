import { describe, expect, it } from "vitest";
import type { ApiObject, RuleWithOperations, Webhook } from "@skiff/api";
import { matchingWebhooks, ruleMatches, type RequestAttributes } from "./matching.js";

const pod = (labels: Record<string, string> = {}): ApiObject => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "default", labels } });
const createPod: RequestAttributes = { operation: "CREATE", group: "", version: "v1", resource: "pods", subresource: "", namespace: "default", object: pod() };
const rule = (over: Partial<RuleWithOperations> = {}): RuleWithOperations => ({ operations: ["CREATE"], apiGroups: [""], apiVersions: ["v1"], resources: ["pods"], ...over });

describe("a rule", () => {
  it.each<[string, Partial<RuleWithOperations>, Partial<RequestAttributes>, boolean]>([
    ["matches the operation, group, version and resource", {}, {}, true],
    ["does not match another operation", {}, { operation: "UPDATE" }, false],
    ["matches any operation with *", { operations: ["*"] }, { operation: "DELETE" }, true],
    ["does not match another group", { apiGroups: ["apps"] }, {}, false],
    ["matches any group and version with *", { apiGroups: ["*"], apiVersions: ["*"] }, { group: "apps", version: "v2" }, true],
    ["does not match another resource", { resources: ["services"] }, {}, false],
    ["`pods` does not match a subresource", {}, { subresource: "status" }, false],
    ["`pods/status` matches the status subresource", { resources: ["pods/status"] }, { subresource: "status" }, true],
    ["`pods/status` does not match the pod itself", { resources: ["pods/status"] }, {}, false],
    ["`pods/*` matches every subresource of pods", { resources: ["pods/*"] }, { subresource: "eviction" }, true],
    ["`*` matches every resource", { resources: ["*"] }, { resource: "configmaps" }, true],
    ["`*` matches no subresource", { resources: ["*"] }, { subresource: "status" }, false],
    ["`*/*` matches everything", { resources: ["*/*"] }, { subresource: "status" }, true],
    ["`*/status` matches any status subresource", { resources: ["*/status"] }, { resource: "deployments", subresource: "status" }, true],
    ["scope Namespaced matches a namespaced object", { scope: "Namespaced" }, {}, true],
    ["scope Cluster does not match a namespaced object", { scope: "Cluster" }, {}, false],
    ["scope Cluster matches a cluster-scoped object", { scope: "Cluster", resources: ["nodes"] }, { resource: "nodes", namespace: "" }, true],
  ])("%s", (_name, r, attrs, expected) => {
    expect(ruleMatches(rule(r), { ...createPod, ...attrs })).toBe(expected);
  });
});

const hook = (name: string, over: Partial<Webhook> = {}): { configuration: string; webhook: Webhook } => ({
  configuration: "c",
  webhook: { name, clientConfig: { url: "https://127.0.0.1/x" }, rules: [rule()], sideEffects: "None", admissionReviewVersions: ["v1"], ...over },
});

describe("which webhooks a request goes to", () => {
  it("keeps the order given and drops the ones whose rules do not match", () => {
    const hooks = [hook("b.example.com"), hook("svc.example.com", { rules: [rule({ resources: ["services"] })] }), hook("a.example.com")];
    expect(matchingWebhooks(hooks, createPod, {}).map((h) => h.webhook.name)).toEqual(["b.example.com", "a.example.com"]);
  });

  it("goes nowhere for a webhook with no rules", () => {
    expect(matchingWebhooks([hook("none.example.com", { rules: [] })], createPod, {})).toEqual([]);
  });

  it.each<[string, Partial<Webhook>, Partial<RequestAttributes>, Record<string, string> | undefined, boolean]>([
    ["an empty namespace selector matches every namespace", { namespaceSelector: {} }, {}, {}, true],
    ["a namespace selector is checked on the namespace's labels", { namespaceSelector: { matchLabels: { env: "prod" } } }, {}, { env: "prod" }, true],
    ["a namespace without the label is not selected", { namespaceSelector: { matchLabels: { env: "prod" } } }, {}, { env: "dev" }, false],
    ["NotIn leaves out the listed namespaces", { namespaceSelector: { matchExpressions: [{ key: "skip", operator: "DoesNotExist" }] } }, {}, { skip: "yes" }, false],
    ["a cluster-scoped object ignores the namespace selector", { namespaceSelector: { matchLabels: { env: "prod" } }, rules: [rule({ resources: ["nodes"] })] }, { resource: "nodes", namespace: "" }, undefined, true],
    ["a Namespace is judged by its own labels", { namespaceSelector: { matchLabels: { env: "prod" } }, rules: [rule({ resources: ["namespaces"] })] }, { resource: "namespaces", namespace: "", object: { apiVersion: "v1", kind: "Namespace", metadata: { name: "n", labels: { env: "prod" } } } }, undefined, true],
    ["an object selector is checked on the object's labels", { objectSelector: { matchLabels: { team: "a" } } }, { object: pod({ team: "a" }) }, {}, true],
    ["an object without the label is not selected", { objectSelector: { matchLabels: { team: "a" } } }, { object: pod({ team: "b" }) }, {}, false],
    ["the old object's labels count too (an update taking the label away)", { objectSelector: { matchLabels: { team: "a" } }, rules: [rule({ operations: ["UPDATE"] })] }, { operation: "UPDATE", object: pod(), oldObject: pod({ team: "a" }) }, {}, true],
    ["a delete is matched on the old object", { objectSelector: { matchLabels: { team: "a" } }, rules: [rule({ operations: ["DELETE"] })] }, { operation: "DELETE", object: undefined, oldObject: pod({ team: "a" }) }, {}, true],
  ])("%s", (_name, over, attrs, nsLabels, expected) => {
    expect(matchingWebhooks([hook("x.example.com", over)], { ...createPod, ...attrs }, nsLabels).length === 1).toBe(expected);
  });
});
