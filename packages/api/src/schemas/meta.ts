// ObjectMeta (names, namespace, labels, annotations, server-set fields) and LabelSelector.
import { z } from "zod";
import {
  checkDns1123Label,
  checkDns1123Subdomain,
  checkLabelValue,
  checkQualifiedName,
} from "../names.js";
import { bool, int, issue, kobject, named, str, strMap, whenObject } from "./fields.js";

const ANNOTATIONS_MAX_BYTES = 256 * 1024;

/** Label keys are qualified names and values at most 63 characters, as in Kubernetes. */
export const labels = () =>
  strMap().superRefine((m, ctx) => {
    for (const [k, v] of Object.entries(m)) {
      const bad = checkQualifiedName(k) ?? (typeof v === "string" ? checkLabelValue(v) : undefined);
      if (bad) issue(ctx, [k], bad);
    }
  }, whenObject);

const annotations = () =>
  strMap().superRefine((m, ctx) => {
    let size = 0;
    for (const [k, v] of Object.entries(m)) {
      const bad = checkQualifiedName(k);
      if (bad) issue(ctx, [k], bad);
      size += k.length + (typeof v === "string" ? v.length : 0);
    }
    if (size > ANNOTATIONS_MAX_BYTES) issue(ctx, [], "must have at most 262144 bytes in total");
  }, whenObject);

const ownerReference = kobject("OwnerReference", {
  apiVersion: str(),
  kind: str(),
  name: str(),
  uid: str(),
  controller: bool().optional(),
  blockOwnerDeletion: bool().optional(),
});

/** Fields every ObjectMeta has; `name` and `namespace` vary with the kind. */
function metaShape(name: z.ZodType) {
  return {
    name,
    // Empty means unset, as in Kubernetes: defaults fill it in (or drop it, for cluster-scoped kinds).
    namespace: named((s) => (s === "" ? undefined : checkDns1123Label(s))).optional(),
    labels: labels().optional(),
    annotations: annotations().optional(),
    uid: str().optional(),
    resourceVersion: str().optional(),
    generation: int(0).optional(),
    creationTimestamp: str().optional(),
    deletionTimestamp: str().optional(),
    deletionGracePeriodSeconds: int(0).optional(),
    ownerReferences: z.array(ownerReference).optional(),
    finalizers: z.array(named(checkQualifiedName)).optional(),
    // Server-owned (server-side apply records it): accepted from a client and ignored, as uid is.
    managedFields: z.array(z.unknown()).optional(),
  };
}

/** `label`/`subdomain`: DNS-1123; `path`: any name that is one URL path segment (RBAC's `system:view`). */
export type NameRule = "label" | "subdomain" | "path";

function checkPathSegment(s: string): string | undefined {
  if (s === "") return "required";
  if (s === "." || s === "..") return `may not be '${s}'`;
  if (/[/%]/.test(s)) return "may not contain '/' or '%'";
  return undefined;
}

/** The metadata of a top-level object: `name` required, checked as the kind requires. */
export function objectMeta(kind: string, nameRule: NameRule, namespaced: boolean) {
  const name = named(nameRule === "label" ? checkDns1123Label : nameRule === "path" ? checkPathSegment : checkDns1123Subdomain);
  return kobject("ObjectMeta", metaShape(name), (m, ctx) => {
    if (!namespaced && typeof m.namespace === "string" && m.namespace !== "") {
      issue(ctx, ["namespace"], `must not be set: ${kind} is not namespaced`);
    }
  });
}

/** The metadata of an embedded template (pod template, claim template): nothing required. */
export const templateMeta = kobject("ObjectMeta", {
  ...metaShape(named(checkDns1123Subdomain)),
  name: named(checkDns1123Subdomain).optional(),
});

const OPERATORS = ["In", "NotIn", "Exists", "DoesNotExist"] as const;

const selectorRequirement = kobject(
  "LabelSelectorRequirement",
  {
    key: named(checkQualifiedName),
    operator: z.enum(OPERATORS),
    values: z.array(named(checkLabelValue)).optional(),
  },
  (r, ctx) => {
    const count = Array.isArray(r.values) ? r.values.length : 0;
    if ((r.operator === "In" || r.operator === "NotIn") && count === 0) {
      issue(ctx, ["values"], `must be specified when operator is "${r.operator}"`);
    }
    if ((r.operator === "Exists" || r.operator === "DoesNotExist") && count > 0) {
      issue(ctx, ["values"], `may not be specified when operator is "${r.operator}"`);
    }
  },
);

export const labelSelector = kobject("LabelSelector", {
  matchLabels: labels().optional(),
  matchExpressions: z.array(selectorRequirement).optional(),
});

/** A pointer to any object: an Event's subject, the pod behind an endpoint. */
export const objectReference = kobject("ObjectReference", {
  apiVersion: str().optional(),
  kind: str().optional(),
  namespace: str().optional(),
  name: str().optional(),
  uid: str().optional(),
  resourceVersion: str().optional(),
  fieldPath: str().optional(),
});
