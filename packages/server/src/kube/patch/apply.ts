// Server-side apply, `application/apply-patch+yaml` (`kubectl apply --server-side`): a manager
// sends its whole intent, the server merges it and remembers, in metadata.managedFields, which
// fields that manager set, so that its next apply can remove what it no longer sets.
//
// A deliberate simplification of Kubernetes' structured-merge-diff, kept small and exact:
// * the fields a configuration sets are computed from merge-keys.ts (fields.ts);
// * fields the manager applied last time, no longer applies, and no other manager owns, are removed;
// * then the configuration is merged into the live object by strategic merge rules (strategic.ts);
// * only other managers' Apply entries conflict, and only where the live value differs;
//   `Update` entries (which skiff does not write) protect their fields from removal, no more.
import type { ManagedFieldsEntry } from "@skiff/api";
import { BadRequestError } from "../errors.js";
import { ApplyConflictError } from "./apply-conflict.js";
import { removeAt, valueAt } from "./field-values.js";
import { appliedFields, hasNode, isLeaf, leafPaths, pathString, toFieldSet, withoutPaths } from "./fields.js";
import type { AppliedField, FieldPath, FieldsV1 } from "./fields.js";
import { clone, deepEqual, isObject, type JsonObject } from "./json.js";
import { strategicMergePatch } from "./strategic.js";

export interface ApplyRequest {
  kind: string;
  /** The stored object, or undefined when the apply creates it. */
  live: JsonObject | undefined;
  /** The configuration, a full object (kind, apiVersion, metadata.name, what the manager wants). */
  applied: JsonObject;
  /** The `fieldManager` query parameter. */
  manager: string;
  /** `force=true`: take fields over from other managers instead of failing. */
  force: boolean;
  now: Date;
}

// Written by the server alone: never taken from a configuration.
const SERVER_METADATA = ["uid", "resourceVersion", "creationTimestamp", "generation", "managedFields", "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink"];
// Which object this is, not what it is set to: nobody owns these.
const IDENTITY: FieldPath[] = [["f:apiVersion"], ["f:kind"], ["f:metadata", "f:name"], ["f:metadata", "f:namespace"]];

interface Conflict {
  entry: ManagedFieldsEntry;
  path: FieldPath;
}

/** The object after `manager` applied `applied` to `live`, its managedFields updated; inputs unchanged. */
export function serverSideApply(req: ApplyRequest): JsonObject {
  if (!req.manager) throw new BadRequestError("fieldManager is required for apply patch");
  const applied = configuration(req.applied);
  const object = clone(req.live ?? {});
  const entries = managedFieldsOf(object);
  const fields = appliedFields(req.kind, applied).filter((f) => !IDENTITY.some((id) => startsWith(f.path, id)));
  const owned = toFieldSet(fields.map((f) => f.path));
  const mine = entries.find((e) => e.manager === req.manager && e.operation === "Apply");

  const conflicts = findConflicts(entries.filter((e) => e !== mine), fields, object);
  if (conflicts.length > 0 && !req.force) {
    throw new ApplyConflictError(conflicts.map((c) => ({ manager: c.entry.manager, field: pathString(c.path) })));
  }
  const others = new Map(entries.filter((e) => e !== mine).map((e) => [e, loseFields(e, conflicts)] as const));
  const stillOwned = [...others.values()].flatMap((e) => (e ? [fieldsOf(e)] : []));

  for (const path of leafPaths(mine ? fieldsOf(mine) : {})) {
    const field = path[path.length - 1] === "." ? path.slice(0, -1) : path; // an element: its key
    if (!hasNode(owned, field) && !stillOwned.some((set) => hasNode(set, field))) removeAt(object, path);
  }
  const merged = strategicMergePatch(req.kind, object, applied);

  const apiVersion = String(applied.apiVersion ?? merged.apiVersion ?? "");
  const unchanged = mine !== undefined && mine.apiVersion === apiVersion && deepEqual(mine.fieldsV1, owned) && deepEqual(withoutManagedFields(merged), withoutManagedFields(req.live ?? {}));
  const entry: ManagedFieldsEntry = {
    manager: req.manager,
    operation: "Apply",
    apiVersion,
    time: unchanged ? mine.time : rfc3339(req.now),
    fieldsType: "FieldsV1",
    fieldsV1: owned,
  };
  const managedFields = entries.flatMap((e) => {
    const kept = e === mine ? entry : others.get(e);
    return kept ? [kept] : [];
  });
  if (!mine) managedFields.push(entry);
  merged.metadata = { ...(isObject(merged.metadata) ? merged.metadata : {}), managedFields };
  return merged;
}

/** The configuration as it is merged: no status, no server-owned metadata, no nulls. */
function configuration(applied: JsonObject): JsonObject {
  const { status: _ignored, ...rest } = withoutNulls(clone(applied)) as JsonObject;
  if (isObject(rest.metadata)) {
    const metadata = { ...rest.metadata };
    for (const key of SERVER_METADATA) delete metadata[key];
    rest.metadata = metadata;
  }
  return rest;
}

// In an apply configuration a null says nothing: the field is left to whoever owns it.
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, withoutNulls(v)]));
}

/** A field another manager applied, that this configuration would change. */
function findConflicts(others: ManagedFieldsEntry[], fields: AppliedField[], live: JsonObject): Conflict[] {
  const conflicts: Conflict[] = [];
  for (const entry of others.filter((e) => e.operation === "Apply")) {
    for (const { path, value } of fields) {
      const last = path[path.length - 1] ?? "";
      if (last === "." || last.startsWith("v:")) continue; // being there cannot differ; an element's fields can
      if (isLeaf(fieldsOf(entry), path) && !deepEqual(valueAt(live, path), value)) conflicts.push({ entry, path });
    }
  }
  return conflicts;
}

/** The entry after a forced apply took its conflicting fields; undefined if it owns nothing left. */
function loseFields(entry: ManagedFieldsEntry, conflicts: Conflict[]): ManagedFieldsEntry | undefined {
  const lost = conflicts.filter((c) => c.entry === entry).map((c) => c.path);
  if (lost.length === 0) return entry;
  const fieldsV1 = withoutPaths(fieldsOf(entry), lost);
  return leafPaths(fieldsV1).length > 0 ? { ...entry, fieldsV1 } : undefined;
}

function managedFieldsOf(obj: JsonObject): ManagedFieldsEntry[] {
  const list = isObject(obj.metadata) ? obj.metadata.managedFields : undefined;
  return Array.isArray(list) ? (list.filter(isObject) as unknown as ManagedFieldsEntry[]) : [];
}

function fieldsOf(entry: ManagedFieldsEntry): FieldsV1 {
  return (isObject(entry.fieldsV1) ? entry.fieldsV1 : {}) as FieldsV1;
}

function withoutManagedFields(obj: JsonObject): JsonObject {
  if (!isObject(obj.metadata)) return obj;
  const { managedFields: _mf, ...metadata } = obj.metadata;
  return { ...obj, metadata };
}

function startsWith(path: FieldPath, prefix: FieldPath): boolean {
  return prefix.every((segment, i) => path[i] === segment);
}

/** metav1.Time's form: RFC 3339 in whole seconds, UTC. */
function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}
