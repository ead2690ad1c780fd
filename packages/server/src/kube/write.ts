// POST, PUT, DELETE and DELETE of a collection: decode, fill in what the URL says, call the
// object core (objects/), encode. Every rule about objects lives in the core, not here.
import type { ServerResponse } from "node:http";
import type { ApiObject } from "@skiff/api";
import type { ObjectService } from "../objects/objects.js";
import { BadRequestError } from "./errors.js";
import { flag, sendJson, addWarnings } from "./http.js";
import { fieldSelectorOf, listOf, refOfTarget, type Target } from "./read.js";
import { matchesFieldSelector } from "./field-selector.js";
import { groupVersionString } from "./resources.js";
import type { StatusContext } from "./status.js";

export function isDryRun(query: URLSearchParams, body?: Record<string, unknown>): boolean {
  const fromBody = Array.isArray(body?.dryRun) && body.dryRun.includes("All");
  return query.getAll("dryRun").includes("All") || fromBody;
}

/**
 * The object a request body holds, completed from its URL as the API server does: kind and
 * apiVersion when left out (client libraries omit them), the namespace from the path.
 */
export function objectFromBody(body: unknown, t: Target): ApiObject {
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new BadRequestError("the request body must be a JSON object");
  const raw = body as Record<string, unknown>;
  const metadata = (typeof raw.metadata === "object" && raw.metadata !== null ? { ...(raw.metadata as Record<string, unknown>) } : {}) as unknown as ApiObject["metadata"];
  if (t.resource.namespaced) {
    const ns = t.namespace || "default";
    if (metadata.namespace && metadata.namespace !== ns) {
      throw new BadRequestError("the namespace of the provided object does not match the namespace sent on the request");
    }
    metadata.namespace = ns;
  }
  if (t.name !== undefined && metadata.name !== undefined && metadata.name !== t.name) {
    throw new BadRequestError(`the name of the object (${metadata.name}) does not match the name on the URL (${t.name})`);
  }
  if (t.name !== undefined) metadata.name = t.name;
  return { ...raw, apiVersion: (raw.apiVersion as string) ?? groupVersionString(t.resource.group, t.resource.version), kind: (raw.kind as string) ?? t.resource.kind, metadata };
}

export async function createObject(objects: ObjectService, t: Target, body: unknown, res: ServerResponse, query: URLSearchParams, ctx: StatusContext): Promise<void> {
  const object = objectFromBody(body, t);
  ctx.name = object.metadata.name; // errors name the object, as Kubernetes' do
  const out = await objects.create(object, { dryRun: isDryRun(query) });
  addWarnings(res, out.warnings);
  sendJson(res, 201, out.object);
}

export async function replaceObject(objects: ObjectService, t: Target & { name: string }, body: unknown, res: ServerResponse, query: URLSearchParams): Promise<void> {
  const out = await objects.update(objectFromBody(body, t), { dryRun: isDryRun(query) });
  addWarnings(res, out.warnings);
  sendJson(res, 200, out.object);
}

interface DeleteBody {
  propagationPolicy?: string;
  gracePeriodSeconds?: number | string | null;
  orphanDependents?: boolean;
  preconditions?: { resourceVersion?: string; uid?: string };
  dryRun?: string[];
}

/** A DELETE's options, from its body (metav1.DeleteOptions) and query; evictions read theirs here too. */
export function deleteOptions(body: unknown, query: URLSearchParams) {
  const b = (typeof body === "object" && body !== null ? body : {}) as DeleteBody;
  const orphan = b.orphanDependents ?? (query.has("orphanDependents") ? flag(query, "orphanDependents") : undefined);
  return {
    propagationPolicy: query.get("propagationPolicy") ?? b.propagationPolicy ?? (orphan ? "Orphan" : undefined),
    gracePeriodSeconds: gracePeriodOf(query, b),
    uid: b.preconditions?.uid,
    resourceVersion: b.preconditions?.resourceVersion,
    dryRun: isDryRun(query, b as Record<string, unknown>),
  };
}

/** DeleteOptions.gracePeriodSeconds, from the query (kubectl sends it there too) or the body. */
function gracePeriodOf(query: URLSearchParams, b: DeleteBody): number | undefined {
  const raw = query.get("gracePeriodSeconds");
  // A JSON body carries a number; a protobuf one an int64, which may come as a string.
  if (raw === null) return b.gracePeriodSeconds === undefined || b.gracePeriodSeconds === null ? undefined : Number(b.gracePeriodSeconds);
  const n = Number(raw);
  if (raw.trim() === "" || !Number.isInteger(n)) {
    throw new BadRequestError(`gracePeriodSeconds: must be a whole number of seconds (got "${raw}")`);
  }
  return n;
}

export async function deleteOne(objects: ObjectService, t: Target & { name: string }, body: unknown, res: ServerResponse, query: URLSearchParams): Promise<void> {
  const { resourceVersion, ...options } = deleteOptions(body, query);
  sendJson(res, 200, await objects.delete(refOfTarget(t), resourceVersion, options));
}

export async function deleteCollection(objects: ObjectService, t: Target, body: unknown, res: ServerResponse, query: URLSearchParams): Promise<void> {
  const fields = fieldSelectorOf(t, query);
  const { resourceVersion: _rv, ...options } = deleteOptions(body, query);
  const listed = await objects.list({ kind: t.resource.kind, namespace: t.namespace, labelSelector: query.get("labelSelector") ?? undefined });
  const deleted: ApiObject[] = [];
  for (const o of listed.items) {
    if (fields.length && !matchesFieldSelector(o, fields)) continue;
    deleted.push(await objects.delete({ kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name }, undefined, options));
  }
  sendJson(res, 200, listOf(t.resource, deleted, String(listed.revision)));
}

