// Authorization and audit for the gRPC API: each call's user (set by the interceptor, or the one
// it may impersonate), what the call asks in Kubernetes' terms (authz/grpc-attributes.ts), the
// authorizer's verdict before the handler runs, and one audit line per request when it ends.
// SelfSubjectAccessReview / SubjectAccessReview are answered here (Create of that kind): they
// are questions to the authorizer, not objects of the store.
import * as grpc from "@grpc/grpc-js";
import { PermissionDeniedError, UnauthenticatedError, type ApiObject } from "@skiff/api";
import type { ApiHandlers } from "@skiff/proto";
import type { AuditLog } from "../audit/index.js";
import { httpCodeOfGrpc } from "../audit/index.js";
import { answerReview, API_METHOD_RULES, insecureReviewAnswer, callAttributes, objectAttributes, REVIEW_KINDS, type Authorizer, type RequestAttributes, type UserInfo } from "../authz/index.js";
import type { Logger } from "../log.js";
import type { ObjectService } from "../objects/objects.js";
import { USER_METADATA } from "../security/auth.js";
import { toServiceError } from "./status.js";
import { asRequestUser } from "../admission-webhooks/index.js";

export interface ApiGuard {
  /** Undefined with --insecure: every call allowed, as before RBAC. */
  authz?: Authorizer;
  audit?: AuditLog;
  objects: ObjectService;
  log: Logger;
}

type Call = grpc.ServerUnaryCall<Record<string, unknown>, unknown> & grpc.ServerWritableStream<Record<string, unknown>, unknown>;
type Callback = grpc.sendUnaryData<unknown>;

const INSECURE_USER: UserInfo = { name: "system:unsecured", groups: ["system:masters", "system:authenticated"] };

export function authorizedApi(handlers: ApiHandlers, guard: ApiGuard): ApiHandlers {
  const wrapped: Record<string, unknown> = {};
  for (const [method, handler] of Object.entries(handlers) as [string, (call: Call, cb?: Callback) => void][]) {
    const streaming = method === "Watch" || method === "Logs" || method === "Trace";
    wrapped[method] = (call: Call, callback?: Callback) => {
      const received = new Date();
      let who: { caller: UserInfo; user: UserInfo } | undefined;
      let asked: RequestAttributes[] = [];
      const audit = (code: number, message?: string) => {
        if (!guard.audit || !who) return;
        for (const attributes of asked) guard.audit.record({ edge: "grpc", received, done: new Date(), user: who.caller, actingAs: who.user, attributes, code, message, peer: call.getPeer() });
      };
      const fail = (err: unknown) => {
        const status = toServiceError(err, guard.log);
        audit(httpCodeOfGrpc(status.code ?? 2), status.details);
        if (callback) callback(status);
        else call.emit("error", status);
      };
      void (async () => {
        who = await userOf(call, guard.authz);
        // Fail closed: a method the authorizer cannot judge is refused, never let through unjudged.
        if (!Object.hasOwn(API_METHOD_RULES, method)) throw unmappedMethod(method);
        const review = method === "Create" ? reviewIn(call.request) : undefined;
        if (review) {
          // As on the REST edge: asking is itself a create that RBAC allows (system:basic-user).
          const kind = String((review as { kind?: unknown }).kind);
          if (guard.authz) await guard.authz.check(who.user, { resourceRequest: true, verb: "create", apiGroup: "authorization.k8s.io", resource: `${kind.toLowerCase()}s`, subresource: "", namespace: "", name: "" });
          const answer = guard.authz ? await answerReview(review, who.user, guard.authz) : insecureReviewAnswer(review);
          return callback!(null, { objectJson: JSON.stringify(answer), warnings: [] });
        }
        asked = await attributesOf(method, call.request, guard.objects);
        if (guard.authz) for (const a of asked) await guard.authz.check(who.user, a);
        if (streaming) {
          audit(200);
          return handler(call);
        }
        // The user rides along to admission webhooks (their review's userInfo).
        asRequestUser(who.user, () => handler(call, (err, res) => {
          audit(err ? httpCodeOfGrpc(err.code ?? 2) : method === "Create" ? 201 : 200, err?.details);
          callback!(err, res);
        }));
      })().catch(fail);
    };
  }
  return wrapped as unknown as ApiHandlers;
}

/** The refusal of an Api method that grpc-attributes.ts has no rule for. */
export function unmappedMethod(method: string): PermissionDeniedError {
  return new PermissionDeniedError(`the API method "skiff.v1.Api/${method}" has no authorization rule on this server (authz/grpc-attributes.ts), so no one may call it`);
}

/** The caller from the interceptor's metadata, and whom they act as (`impersonate-user`, `impersonate-group`). */
async function userOf(call: Call, authz: Authorizer | undefined): Promise<{ caller: UserInfo; user: UserInfo }> {
  const stamped = call.metadata.get(USER_METADATA)[0];
  // With RBAC on, no user means the interceptor did not vouch for this call: never a default.
  if (authz && stamped === undefined) throw new UnauthenticatedError("this call carried no authenticated user");
  const caller = stamped === undefined ? INSECURE_USER : (JSON.parse(String(stamped)) as UserInfo);
  const asUser = call.metadata.get("impersonate-user")[0];
  const asGroups = call.metadata.get("impersonate-group").map(String);
  if (!authz || (asUser === undefined && asGroups.length === 0)) return { caller, user: caller };
  return { caller, user: await authz.actingAs(caller, { user: asUser === undefined ? undefined : String(asUser), groups: asGroups }) };
}

function reviewIn(req: Record<string, unknown>): unknown {
  try {
    const obj = JSON.parse(String(req.objectJson)) as { kind?: unknown };
    return REVIEW_KINDS.has(String(obj.kind)) ? obj : undefined;
  } catch {
    return undefined;
  }
}

/** What a call asks. Apply asks per object: create when it is new, patch when it exists (as server-side apply). */
async function attributesOf(method: string, req: Record<string, unknown>, objects: ObjectService): Promise<RequestAttributes[]> {
  const parse = (json: unknown): unknown => {
    try {
      return JSON.parse(String(json));
    } catch {
      return undefined; // the handler refuses it, naming the problem, before anything is written
    }
  };
  if (method === "Create" || method === "Update") {
    const a = objectAttributes(method === "Create" ? "create" : "update", parse(req.objectJson));
    return a ? [a] : [];
  }
  if (method === "UpdateStatus") {
    // As Kubernetes: an update of the status subresource, which `edit` grants and `view` does not.
    const a = objectAttributes("update", parse(req.objectJson));
    return a ? [{ ...a, subresource: "status" }] : [];
  }
  if (method === "Apply") {
    const out: RequestAttributes[] = [];
    for (const json of (req.objectsJson as string[] | undefined) ?? []) {
      const obj = parse(json);
      const probe = objectAttributes("patch", obj);
      if (!probe) continue;
      const exists = await objects.get({ kind: (obj as ApiObject).kind, namespace: probe.namespace || undefined, name: probe.name }).then(() => true, () => false);
      out.push(exists ? probe : { ...probe, verb: "create", name: "", ...(probe.name ? { objectName: probe.name } : {}) });
    }
    return out;
  }
  const a = callAttributes(method, req);
  return a ? [a] : [];
}
