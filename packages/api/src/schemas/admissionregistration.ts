// ValidatingWebhookConfiguration and MutatingWebhookConfiguration (admissionregistration.k8s.io/v1),
// with the rules of Kubernetes' validation (pkg/apis/admissionregistration/validation) in its words.
import { z } from "zod";
import { isDns1123Subdomain } from "../names.js";
import { int, issue, kobject, named, strList } from "./fields.js";
import { labelSelector, objectMeta } from "./meta.js";

const OPERATIONS = ["CREATE", "UPDATE", "DELETE", "CONNECT", "*"] as const;

/** "*" may stand only alone in a list of operations, groups or versions. */
function starAlone(list: unknown, ctx: z.core.$RefinementCtx, path: string): void {
  if (Array.isArray(list) && list.includes("*") && list.length > 1) issue(ctx, [path], "if '*' is present, must not specify other values");
}

const rule = kobject(
  "RuleWithOperations",
  {
    operations: z.array(z.enum(OPERATIONS)).min(1, "must contain at least one value"),
    apiGroups: strList().min(1, "must contain at least one value"),
    apiVersions: z.array(named((v) => (v === "" ? "must not be empty" : undefined))).min(1, "must contain at least one value"),
    resources: z.array(named(checkResource)).min(1, "must contain at least one value"),
    scope: z.enum(["Cluster", "Namespaced", "*"]).optional(),
  },
  (r, ctx) => {
    for (const field of ["operations", "apiGroups", "apiVersions"]) starAlone(r[field], ctx, field);
  },
);

// `pods`, `pods/status`, `*`, `*/status`, `pods/*`; never an empty part or a third one.
function checkResource(res: string): string | undefined {
  const parts = res.split("/");
  if (parts.length > 2 || parts.some((p) => p === "")) return `must be a resource name, optionally with a subresource ("pods", "pods/status", "*", "*/status"), got "${res}"`;
  return undefined;
}

const serviceReference = kobject("ServiceReference", {
  namespace: named((n) => (n === "" ? "required" : undefined)),
  name: named((n) => (n === "" ? "required" : undefined)),
  path: named((p) => (p.startsWith("/") ? undefined : "must start with a '/'")).optional(),
  port: int(1, 65535).optional(),
});

const clientConfig = kobject(
  "WebhookClientConfig",
  {
    url: named(checkUrl).optional(),
    service: serviceReference.optional(),
    caBundle: named(checkBase64).optional(),
  },
  (c, ctx) => {
    if ((c.url === undefined) === (c.service === undefined)) issue(ctx, [], "exactly one of url or service is required");
  },
);

// Kubernetes refuses plain http: a webhook sees every object it matches, secrets included.
function checkUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `must be an absolute https URL, got "${url}"`;
  }
  if (parsed.protocol !== "https:") return "'https' is the only allowed URL scheme";
  if (parsed.username || parsed.password) return "user information is not permitted in the URL";
  if (parsed.hash) return "fragments are not permitted in the URL";
  if (parsed.search) return "query parameters are not permitted in the URL";
  return undefined;
}

function checkBase64(s: string): string | undefined {
  return /^[A-Za-z0-9+/]*={0,2}$/.test(s.replace(/\s/g, "")) ? undefined : "must be base64 (the PEM of a CA, encoded)";
}

// Kubernetes' IsFullyQualifiedName: a DNS subdomain of at least three segments.
function checkWebhookName(name: string): string | undefined {
  if (name === "") return "required";
  if (!isDns1123Subdomain(name)) return "must be a DNS subdomain (lower-case letters, digits, '-', '.')";
  if (name.split(".").length < 3) return "should be a domain with at least three segments separated by dots";
  return undefined;
}

function webhookShape(mutating: boolean) {
  return {
    name: named(checkWebhookName),
    clientConfig,
    rules: z.array(rule).optional(),
    failurePolicy: z.enum(["Fail", "Ignore"]).optional(),
    matchPolicy: z.enum(["Exact", "Equivalent"]).optional(),
    namespaceSelector: labelSelector.optional(),
    objectSelector: labelSelector.optional(),
    sideEffects: z.enum(["None", "NoneOnDryRun"], { error: (iss) => (iss.input === undefined ? "required" : `Unsupported value: ${JSON.stringify(iss.input)}: supported values: "None", "NoneOnDryRun"`) }),
    timeoutSeconds: z.number().superRefine((n, ctx) => {
      if (!Number.isInteger(n) || n < 1 || n > 30) issue(ctx, [], "the timeout value must be between 1 and 30 seconds");
    }).optional(),
    admissionReviewVersions: strList().superRefine((v, ctx) => {
      if (!v.includes("v1")) issue(ctx, [], 'must include "v1", the only AdmissionReview version skiff sends');
    }),
    ...(mutating ? { reinvocationPolicy: z.enum(["Never", "IfNeeded"]).optional() } : {}),
  };
}

function webhooks(kind: string, mutating: boolean) {
  return z.array(kobject(mutating ? "MutatingWebhook" : "ValidatingWebhook", webhookShape(mutating))).superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((w, i) => {
      if (seen.has(w.name)) issue(ctx, [i, "name"], `Duplicate value: "${w.name}" (each webhook of a ${kind} has its own name)`);
      seen.add(w.name);
    });
  });
}

function configuration(kind: string, mutating: boolean) {
  return kobject(kind, {
    apiVersion: z.unknown(),
    kind: z.unknown(),
    metadata: objectMeta(kind, "subdomain", false),
    webhooks: webhooks(kind, mutating).optional(),
  });
}

export const validatingWebhookConfiguration = configuration("ValidatingWebhookConfiguration", false);
export const mutatingWebhookConfiguration = configuration("MutatingWebhookConfiguration", true);
