import { describe, expect, it } from "vitest";
import { ValidationError } from "./errors.js";
import { lookupKind } from "./kinds.js";
import { validateObject } from "./validate.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

const webhook = (over: Obj = {}): Obj => ({
  name: "deny.example.com",
  clientConfig: { url: "https://127.0.0.1:8443/validate", caBundle: Buffer.from("-----BEGIN CERTIFICATE-----").toString("base64") },
  rules: [{ operations: ["CREATE"], apiGroups: [""], apiVersions: ["v1"], resources: ["pods"] }],
  sideEffects: "None",
  admissionReviewVersions: ["v1"],
  ...over,
});
const config = (kind: string, ...webhooks: Obj[]): Obj => ({ apiVersion: "admissionregistration.k8s.io/v1", kind, metadata: { name: "policy" }, webhooks });

function problems(raw: unknown): string[] {
  try {
    validateObject(raw);
    return [];
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    return e.issues.map((i) => `${i.path}: ${i.message}`);
  }
}

describe("webhook configurations", () => {
  it("are cluster-scoped kinds with kubectl's names", () => {
    expect(lookupKind("validatingwebhookconfigurations")).toMatchObject({ kind: "ValidatingWebhookConfiguration", namespaced: false, apiVersion: "admissionregistration.k8s.io/v1" });
    expect(lookupKind("mutatingwebhookconfiguration")?.kind).toBe("MutatingWebhookConfiguration");
  });

  it("get Kubernetes' defaults", () => {
    const { object } = validateObject(config("MutatingWebhookConfiguration", webhook({ clientConfig: { service: { namespace: "w", name: "hook" } } })));
    expect((object.webhooks as Obj[])[0]).toMatchObject({
      failurePolicy: "Fail", matchPolicy: "Equivalent", namespaceSelector: {}, objectSelector: {}, timeoutSeconds: 10, reinvocationPolicy: "Never",
      clientConfig: { service: { namespace: "w", name: "hook", port: 443 } }, rules: [{ scope: "*" }],
    });
  });

  it("accept a valid one", () => {
    expect(problems(config("ValidatingWebhookConfiguration", webhook()))).toEqual([]);
  });

  it.each([
    ["a plain http URL", { clientConfig: { url: "http://127.0.0.1/x" } }, "webhooks[0].clientConfig.url: 'https' is the only allowed URL scheme"],
    ["a URL with a query", { clientConfig: { url: "https://h.example.com/x?a=b" } }, "webhooks[0].clientConfig.url: query parameters are not permitted in the URL"],
    ["neither url nor service", { clientConfig: {} }, "webhooks[0].clientConfig: exactly one of url or service is required"],
    ["both url and service", { clientConfig: { url: "https://h/x", service: { namespace: "a", name: "b" } } }, "webhooks[0].clientConfig: exactly one of url or service is required"],
    ["a service path without /", { clientConfig: { service: { namespace: "a", name: "b", path: "x" } } }, "webhooks[0].clientConfig.service.path: must start with a '/'"],
    ["a name of two segments", { name: "deny.example" }, "webhooks[0].name: should be a domain with at least three segments separated by dots"],
    ["a timeout over 30 s", { timeoutSeconds: 31 }, "webhooks[0].timeoutSeconds: the timeout value must be between 1 and 30 seconds"],
    ["side effects Some", { sideEffects: "Some" }, 'webhooks[0].sideEffects: Unsupported value: "Some": supported values: "None", "NoneOnDryRun"'],
    ["no v1 review version", { admissionReviewVersions: ["v1beta1"] }, 'webhooks[0].admissionReviewVersions: must include "v1", the only AdmissionReview version skiff sends'],
    ["an unknown operation", { rules: [{ operations: ["PATCH"], apiGroups: [""], apiVersions: ["v1"], resources: ["pods"] }] }, "webhooks[0].rules[0].operations[0]"],
    ["* beside other operations", { rules: [{ operations: ["*", "CREATE"], apiGroups: [""], apiVersions: ["v1"], resources: ["pods"] }] }, "webhooks[0].rules[0].operations: if '*' is present, must not specify other values"],
    ["a resource of three parts", { rules: [{ operations: ["CREATE"], apiGroups: [""], apiVersions: ["v1"], resources: ["pods/a/b"] }] }, "webhooks[0].rules[0].resources[0]: must be a resource name"],
    ["an unknown failure policy", { failurePolicy: "Maybe" }, "webhooks[0].failurePolicy"],
  ])("refuse %s", (_name, over, message) => {
    expect(problems(config("ValidatingWebhookConfiguration", webhook(over))).join("\n")).toContain(message);
  });

  it("refuse two webhooks of one name", () => {
    expect(problems(config("ValidatingWebhookConfiguration", webhook(), webhook()))).toEqual([
      'webhooks[1].name: Duplicate value: "deny.example.com" (each webhook of a ValidatingWebhookConfiguration has its own name)',
    ]);
  });

  it("take reinvocationPolicy only on mutating webhooks, and warn about matchConditions", () => {
    expect(problems(config("ValidatingWebhookConfiguration", webhook({ reinvocationPolicy: "IfNeeded" }))).join("\n")).toContain("reinvocationPolicy");
    const { warnings } = validateObject(config("MutatingWebhookConfiguration", webhook({ reinvocationPolicy: "IfNeeded", matchConditions: [{ name: "x", expression: "true" }] })));
    expect(warnings.join("\n")).toContain("matchConditions");
  });
});
