// pods/NAME/eviction: what `kubectl drain` posts (a policy/v1 Eviction, or policy/v1beta1 from
// older clients). The rules are ../eviction/'s; here the body is read, checked against the URL,
// and its deleteOptions parsed as the DELETE verb parses a body (write.ts), so an eviction
// deletes exactly as `kubectl delete pod` would. Answers as the API server does: 201 and a
// Success Status; 429 naming the budget; 500 for a pod two budgets cover.
import type { ServerResponse } from "node:http";
import type { ObjectService } from "../objects/objects.js";
import { evictPod, SeveralBudgetsError } from "../eviction/evict.js";
import { BadRequestError } from "./errors.js";
import { sendJson } from "./http.js";
import { refOfTarget, type Target } from "./read.js";
import { deleteOptions } from "./write.js";

const EVICTION_VERSIONS = new Set(["policy/v1", "policy/v1beta1"]);

/** The Eviction's deleteOptions, after its kind, version and name are checked against the URL. */
export function evictionDeleteOptions(body: unknown, podName: string): unknown {
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new BadRequestError("the request body must be an Eviction (policy/v1)");
  const e = body as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown }; deleteOptions?: unknown };
  if (e.kind !== undefined && e.kind !== "Eviction") throw new BadRequestError(`not a Eviction object: kind ${JSON.stringify(e.kind)}`);
  if (e.apiVersion !== undefined && !EVICTION_VERSIONS.has(String(e.apiVersion))) {
    throw new BadRequestError(`an Eviction must be policy/v1 or policy/v1beta1, got ${JSON.stringify(e.apiVersion)}`);
  }
  if (e.metadata?.name !== podName) throw new BadRequestError("name in URL does not match name in Eviction object");
  return e.deleteOptions;
}

export async function evictionHandler(objects: ObjectService, t: Target & { name: string }, body: unknown, res: ServerResponse, query: URLSearchParams, now: () => Date): Promise<void> {
  const { resourceVersion, ...options } = deleteOptions(evictionDeleteOptions(body, t.name), query);
  const ref = refOfTarget(t);
  try {
    await evictPod(objects, ref.namespace ?? "default", t.name, { ...options, resourceVersion }, now);
  } catch (err) {
    if (!(err instanceof SeveralBudgetsError)) throw err;
    // Kubernetes returns this Status as the result (no reason), with its code as the HTTP status.
    return sendJson(res, 500, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: err.message, code: 500 });
  }
  sendJson(res, 201, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", code: 201 });
}
