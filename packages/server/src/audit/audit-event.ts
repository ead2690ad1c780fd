// One audit record: who did what to which object, and how it ended, shaped as Kubernetes'
// audit.k8s.io/v1 Event at level Metadata (so its tools read it). Never a request or response
// body: a Secret's data cannot reach the log, whatever the request carried.
import type { RequestAttributes, UserInfo } from "../authz/types.js";

export type AuditLevel = "write" | "read";

const READ_VERBS = new Set(["get", "list", "watch"]);

/** Whether a request is logged at this level: `write` logs what may change state (and every refusal of it), `read` everything. */
export function audited(level: AuditLevel, a: RequestAttributes): boolean {
  if (level === "read") return true;
  if (!a.resourceRequest) return !["get", "head", "options"].includes(a.verb);
  // "May I?" changes nothing, though it is a create.
  if (a.resource === "selfsubjectaccessreviews" || a.resource === "subjectaccessreviews") return false;
  return !READ_VERBS.has(a.verb);
}

export interface AuditRecord {
  kind: "Event";
  apiVersion: "audit.k8s.io/v1";
  level: "Metadata";
  auditID: string;
  stage: "ResponseComplete";
  requestReceivedTimestamp: string;
  stageTimestamp: string;
  verb: string;
  user: { username: string; groups: string[] };
  impersonatedUser?: { username: string; groups: string[] };
  sourceIPs: string[];
  objectRef?: { resource: string; subresource?: string; namespace?: string; name?: string; apiGroup?: string };
  requestURI?: string;
  responseStatus: { code: number; message?: string };
  annotations: { "skiff.dev/edge": "grpc" | "kube" };
}

export interface AuditInput {
  edge: "grpc" | "kube";
  received: Date;
  done: Date;
  /** Who called (the token's user). */
  user: UserInfo;
  /** Whom they acted as, when impersonating. */
  actingAs?: UserInfo;
  attributes: RequestAttributes;
  code: number;
  /** A refusal's message (names no values, only the request's own attributes). */
  message?: string;
  peer: string;
  uri?: string;
}

export function auditRecord(i: AuditInput): AuditRecord {
  const a = i.attributes;
  const objectRef = a.resourceRequest
    ? {
        resource: a.resource,
        ...(a.subresource ? { subresource: a.subresource } : {}),
        ...(a.namespace ? { namespace: a.namespace } : {}),
        ...(a.name || a.objectName ? { name: a.name || a.objectName } : {}),
        ...(a.apiGroup ? { apiGroup: a.apiGroup } : {}),
      }
    : undefined;
  return {
    kind: "Event",
    apiVersion: "audit.k8s.io/v1",
    level: "Metadata",
    auditID: crypto.randomUUID(),
    stage: "ResponseComplete",
    requestReceivedTimestamp: i.received.toISOString(),
    stageTimestamp: i.done.toISOString(),
    verb: a.verb,
    user: { username: i.user.name, groups: i.user.groups },
    ...(i.actingAs && i.actingAs !== i.user ? { impersonatedUser: { username: i.actingAs.name, groups: i.actingAs.groups } } : {}),
    sourceIPs: [i.peer.replace(/^ipv[46]:/, "").replace(/:\d+$/, "").replace(/^\[(.*)\]$/, "$1")],
    ...(objectRef ? { objectRef } : {}),
    ...(i.uri ? { requestURI: i.uri } : {}),
    responseStatus: { code: i.code, ...(i.message && i.code >= 400 ? { message: i.message } : {}) },
    annotations: { "skiff.dev/edge": i.edge },
  };
}

/** gRPC status (number) to the HTTP code Kubernetes would answer with. */
export function httpCodeOfGrpc(code: number): number {
  return GRPC_TO_HTTP[code] ?? 500;
}

const GRPC_TO_HTTP: Record<number, number> = { 0: 200, 1: 499, 2: 500, 3: 400, 4: 504, 5: 404, 6: 409, 7: 403, 8: 429, 9: 400, 10: 409, 11: 400, 12: 501, 13: 500, 14: 503, 15: 500, 16: 401 };
