// Admission webhooks (admissionregistration.k8s.io/v1): cluster-scoped lists of HTTPS endpoints
// the server asks before it stores an object. Shaped as Kubernetes' JSON; the server's side is
// packages/server/src/admission-webhooks/.
import type { ApiObject } from "../meta.js";
import type { LabelSelector } from "./common.js";

export type WebhookOperation = "CREATE" | "UPDATE" | "DELETE" | "CONNECT" | "*";

export interface RuleWithOperations {
  operations: WebhookOperation[];
  /** "" is the core group; "*" is every group. */
  apiGroups: string[];
  apiVersions: string[];
  /** Plurals, `pods/status` for a subresource, `*`, `*\/status`, `pods/*`. */
  resources: string[];
  /** "Cluster", "Namespaced" or "*" (default). */
  scope?: "Cluster" | "Namespaced" | "*";
}

export interface ServiceReference {
  namespace: string;
  name: string;
  path?: string;
  /** Default 443. */
  port?: number;
}

export interface WebhookClientConfig {
  /** `https://host:port/path`; exactly one of url and service. */
  url?: string;
  service?: ServiceReference;
  /** Base64 PEM of the CA that signed the webhook's certificate. */
  caBundle?: string;
}

export interface Webhook {
  /** A qualified name, e.g. `deny.example.com`: it names the webhook in every message. */
  name: string;
  clientConfig: WebhookClientConfig;
  rules?: RuleWithOperations[];
  /** "Fail" (default) or "Ignore": what a webhook that cannot be reached means. */
  failurePolicy?: "Fail" | "Ignore";
  /** "Equivalent" (default) or "Exact"; skiff serves one version of each kind, so they agree. */
  matchPolicy?: "Exact" | "Equivalent";
  namespaceSelector?: LabelSelector;
  objectSelector?: LabelSelector;
  sideEffects: "None" | "NoneOnDryRun" | "Some" | "Unknown";
  /** 1-30, default 10. */
  timeoutSeconds?: number;
  admissionReviewVersions: string[];
  /** Mutating only; skiff calls each mutating webhook once ("Never"), whatever this says. */
  reinvocationPolicy?: "Never" | "IfNeeded";
}

export interface ValidatingWebhookConfiguration extends ApiObject<never, never> {
  apiVersion: "admissionregistration.k8s.io/v1";
  kind: "ValidatingWebhookConfiguration";
  webhooks?: Webhook[];
}

export interface MutatingWebhookConfiguration extends ApiObject<never, never> {
  apiVersion: "admissionregistration.k8s.io/v1";
  kind: "MutatingWebhookConfiguration";
  webhooks?: Webhook[];
}
