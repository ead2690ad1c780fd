// GET of one object and LIST of a collection, as JSON or as a Table for kubectl's `get`.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApiObject } from "@skiff/api";
import type { ObjectService } from "../objects/objects.js";
import { checkFieldSelector, matchesFieldSelector, parseFieldSelector, type FieldRequirement } from "./field-selector.js";
import { sendJson } from "./http.js";
import type { Resource } from "./resources.js";
import { groupVersionString } from "./resources.js";
import { includeObjectOf, tableContentType, toTable, wantsTable } from "./table.js";

export interface Target {
  resource: Resource;
  namespace?: string;
  name?: string;
}

export function refOfTarget(t: Target & { name: string }) {
  return { kind: t.resource.kind, namespace: t.resource.namespaced ? t.namespace || "default" : undefined, name: t.name };
}

export async function getObject(objects: ObjectService, t: Target & { name: string }, req: IncomingMessage, res: ServerResponse, query: URLSearchParams): Promise<void> {
  const object = await objects.get(refOfTarget(t));
  if (wantsTable(req.headers.accept)) {
    const table = toTable(t.resource.kind, [object], { includeObject: includeObjectOf(query), resourceVersion: object.metadata.resourceVersion, now: Date.now() });
    sendJson(res, 200, table, tableContentType);
    return;
  }
  sendJson(res, 200, object);
}

/** The field selector of a request, checked against what the kind supports (400 otherwise). */
export function fieldSelectorOf(t: Target, query: URLSearchParams): FieldRequirement[] {
  const reqs = parseFieldSelector(query.get("fieldSelector") ?? "");
  checkFieldSelector(t.resource.kind, reqs);
  return reqs;
}

export async function listObjects(objects: ObjectService, t: Target, req: IncomingMessage, res: ServerResponse, query: URLSearchParams): Promise<void> {
  const fields = fieldSelectorOf(t, query);
  const listed = await objects.list({ kind: t.resource.kind, namespace: t.namespace, labelSelector: query.get("labelSelector") ?? undefined });
  const items = fields.length ? listed.items.filter((o) => matchesFieldSelector(o, fields)) : listed.items;
  const resourceVersion = String(listed.revision);
  if (wantsTable(req.headers.accept)) {
    sendJson(res, 200, toTable(t.resource.kind, items, { includeObject: includeObjectOf(query), resourceVersion, now: Date.now() }), tableContentType);
    return;
  }
  sendJson(res, 200, listOf(t.resource, items, resourceVersion));
}

export function listOf(r: Resource, items: ApiObject[], resourceVersion: string) {
  return { kind: `${r.kind}List`, apiVersion: groupVersionString(r.group, r.version), metadata: { resourceVersion }, items };
}
