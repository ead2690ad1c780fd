// Field selectors (`?fieldSelector=spec.nodeName=node-1,status.phase!=Failed`, `skiff get
// --field-selector`) as the apiserver has them, in three steps:
// - parse: the syntax of apimachinery fields/selector.go (`=`, `==`, `!=`, terms split on `,`,
//   `\` escaping `\`, `,` and `=` in values);
// - check: each kind accepts a fixed set of fields, else 400 (the field label conversion functions
//   of pkg/apis/<group>/<version>/conversion.go; a kind without one takes only metadata.*);
// - match: each field reads one value of the object as a string (the registry's
//   ToSelectableFields); a field the object lacks reads as "" (an unset bool as "false"), so
//   `involvedObject.namespace=` selects the events of cluster-scoped objects.
import { SkiffError } from "./errors.js";
import type { ApiObject } from "./meta.js";

/** A selector that does not parse, or names a field its kind cannot be selected by (the REST edge's 400). */
export class FieldSelectorError extends SkiffError {
  readonly code = "INVALID_ARGUMENT";
}

export interface FieldRequirement {
  field: string;
  /** `=` and `==` are the same. */
  op: "=" | "!=";
  value: string;
}

/** Parses a field selector; "" selects everything. Throws FieldSelectorError on a term without an operator or a bad escape. */
export function parseFieldSelector(selector: string): FieldRequirement[] {
  const reqs: FieldRequirement[] = [];
  for (const term of splitTerms(selector)) {
    if (term === "") continue;
    const parsed = splitTerm(term);
    if (!parsed) throw new FieldSelectorError(`invalid selector: '${selector}'; can't understand '${term}'`);
    reqs.push({ field: parsed.field, op: parsed.op === "!=" ? "!=" : "=", value: unescapeValue(parsed.value) });
  }
  return reqs;
}

/** Refuses, as Kubernetes does (400, its words), a field the kind cannot be selected by. */
export function checkFieldSelector(kind: string, reqs: FieldRequirement[]): void {
  const rules = rulesOf(kind);
  for (const r of reqs) if (!rules.fields.has(r.field)) throw new FieldSelectorError(rules.refuse(r.field));
}

/** Whether the object meets every requirement. */
export function matchesFieldSelector(object: ApiObject, reqs: FieldRequirement[]): boolean {
  const { fields } = rulesOf(object.kind);
  return reqs.every((r) => {
    const value = fields.get(r.field)?.(object) ?? "";
    return r.op === "=" ? value === r.value : value !== r.value;
  });
}

// --- Syntax ---

/** Splits on unescaped commas, keeping escapes for unescapeValue. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let start = 0;
  let escaped = false;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (escaped) escaped = false;
    else if (c === "\\") escaped = true;
    else if (c === ",") {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(selector.slice(start));
  return terms;
}

// `==` before `=`, so that `a==b` does not read as `a` = `=b`.
const OPERATORS = ["!=", "==", "="];

/** Splits at the first operator: the field cannot escape one. */
function splitTerm(term: string): { field: string; op: string; value: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    const op = OPERATORS.find((o) => term.startsWith(o, i));
    if (op) return { field: term.slice(0, i), op, value: term.slice(i + op.length) };
  }
  return undefined;
}

function unescapeValue(raw: string): string {
  const invalid = (why: string) => new FieldSelectorError(`invalid field selector: ${why}`);
  let out = "";
  let escaped = false;
  for (const c of raw) {
    if (escaped) {
      if (c !== "\\" && c !== "," && c !== "=") throw invalid(`invalid escape sequence: \\${c}`);
      out += c;
      escaped = false;
    } else if (c === "\\") escaped = true;
    else if (c === "," || c === "=") throw invalid(`unescaped character in value: ${c}`);
    else out += c;
  }
  if (escaped) throw invalid("invalid escape sequence: \\");
  return out;
}

// --- What each kind can be selected by ---

type Read = (o: ApiObject) => string;

interface KindFields {
  fields: Map<string, Read>;
  /** Kubernetes' message for a field the kind does not take; it differs between kinds. */
  refuse: (field: string) => string;
}

function at(o: ApiObject, path: string): unknown {
  let v: unknown = o;
  for (const key of path.split(".")) v = v !== null && typeof v === "object" ? (v as Record<string, unknown>)[key] : undefined;
  return v;
}
const asString = (v: unknown, unset: string) => (v === undefined || v === null || typeof v === "object" ? unset : String(v));
const text = (path: string): Read => (o) => asString(at(o, path), "");
const bool = (path: string): Read => (o) => asString(at(o, path), "false");
const count = (path: string): Read => (o) => asString(at(o, path), "0");
const firstOf = (...reads: Read[]): Read => (o) => reads.map((r) => r(o)).find((v) => v !== "") ?? "";
const never: Read = () => "";

const NAME = { "metadata.name": text("metadata.name") };
const META = { ...NAME, "metadata.namespace": text("metadata.namespace") };
const notSupported = (field: string) => `field label not supported: ${field}`;

const rules = (refuse: (field: string) => string, fields: Record<string, Read>): KindFields => ({ fields: new Map(Object.entries(fields)), refuse });

// Only the kinds Kubernetes gives a conversion function; Deployment, ReplicaSet, StatefulSet
// (the whole apps group) and ConfigMap have none, so they take metadata.* only.
const KIND_FIELDS: Record<string, KindFields> = {
  Pod: rules(notSupported, {
    ...META,
    "spec.nodeName": text("spec.nodeName"),
    "spec.host": text("spec.nodeName"), // what old clients send for spec.nodeName
    "spec.restartPolicy": text("spec.restartPolicy"),
    "spec.schedulerName": text("spec.schedulerName"),
    "spec.serviceAccountName": text("spec.serviceAccountName"),
    "spec.hostNetwork": bool("spec.hostNetwork"),
    "status.phase": text("status.phase"),
    "status.podIP": firstOf(text("status.podIPs.0.ip"), text("status.podIP")),
    "status.podIPs": never, // accepted, but Kubernetes never gives it a value
    "status.nominatedNodeName": text("status.nominatedNodeName"),
  }),
  // Cluster-scoped kinds with a conversion function refuse metadata.namespace.
  Node: rules(notSupported, { ...NAME, "spec.unschedulable": bool("spec.unschedulable") }),
  Namespace: rules(notSupported, { ...NAME, "status.phase": text("status.phase") }),
  Secret: rules(notSupported, { ...META, type: text("type") }),
  Service: rules(notSupported, { ...META, "spec.clusterIP": text("spec.clusterIP"), "spec.type": text("spec.type") }),
  Event: rules(notSupported, {
    ...META,
    ...Object.fromEntries(
      ["kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath"].map((f) => [`involvedObject.${f}`, text(`involvedObject.${f}`)]),
    ),
    reason: text("reason"),
    reportingComponent: text("reportingComponent"),
    source: firstOf(text("source.component"), text("reportingComponent")),
    type: text("type"),
  }),
  // Not a skiff kind yet: here so that it selects as Kubernetes' does once it is.
  Job: rules((field) => `field label ${JSON.stringify(field)} not supported for batchv1.Job`, { ...META, "status.successful": count("status.succeeded") }),
};

// runtime.DefaultMetaV1FieldSelectorConversion, for every other kind (a CRD's too).
const METADATA_ONLY = rules((field) => `${JSON.stringify(field)} is not a known field selector: only "metadata.name", "metadata.namespace"`, META);

function rulesOf(kind: string): KindFields {
  return Object.hasOwn(KIND_FIELDS, kind) ? (KIND_FIELDS[kind] as KindFields) : METADATA_ONLY;
}
