// GET of one object and LIST of a collection, as JSON or as a Table for kubectl's `get`.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApiObject } from "@skiff/api";
import type { ObjectService } from "../objects/objects.js";
import { checkFieldSelector, matchesFieldSelector, parseFieldSelector, type FieldRequirement } from "./field-selector.js";
import { sendJson } from "./http.js";
import { page } from "./paging.js";
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
  const selected = fields.length ? listed.items.filter((o) => matchesFieldSelector(o, fields)) : listed.items;
  const { items, continueToken, remainingItemCount } = page(selected, query);
  const resourceVersion = String(listed.revision);
  if (wantsTable(req.headers.accept)) {
    sendJson(res, 200, toTable(t.resource.kind, items, { includeObject: includeObjectOf(query), resourceVersion, continueToken, now: Date.now() }), tableContentType);
    return;
  }
  const list = listOf(t.resource, items, resourceVersion);
  if (continueToken) Object.assign(list.metadata, { continue: continueToken, remainingItemCount });
  sendJson(res, 200, list);
}

export function listOf(r: Resource, items: ApiObject[], resourceVersion: string) {
  const metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number } = { resourceVersion };
  return { kind: `${r.kind}List`, apiVersion: groupVersionString(r.group, r.version), metadata, items };
}
