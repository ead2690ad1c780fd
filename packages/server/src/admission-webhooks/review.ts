// The AdmissionReview (admission.k8s.io/v1) the server sends, and what it reads back: allowed,
// status.message/code, warnings, and a mutating webhook's base64 JSONPatch. Pure: the HTTPS call
// is in call.ts.
import type { RequestAttributes } from "./matching.js";

export interface UserInfo {
  username: string;
  uid?: string;
  groups?: string[];
}

/** Everything a review says about one request (RequestAttributes plus who and how). */
export interface ReviewInput extends RequestAttributes {
  uid: string;
  kind: string;
  name: string;
  dryRun: boolean;
  user?: UserInfo;
}

export interface AdmissionReview {
  apiVersion: "admission.k8s.io/v1";
  kind: "AdmissionReview";
  request?: Record<string, unknown>;
  response?: Record<string, unknown>;
}

const OPTIONS_KIND = { CREATE: "CreateOptions", UPDATE: "UpdateOptions", DELETE: "DeleteOptions", CONNECT: undefined } as const;

export function buildReview(r: ReviewInput): AdmissionReview {
  const kind = { group: r.group, version: r.version, kind: r.kind };
  const resource = { group: r.group, version: r.version, resource: r.resource };
  const sub = r.subresource ? { subResource: r.subresource, requestSubResource: r.subresource } : {};
  const optionsKind = OPTIONS_KIND[r.operation];
  return {
    apiVersion: "admission.k8s.io/v1",
    kind: "AdmissionReview",
    request: {
      uid: r.uid,
      kind,
      resource,
      ...sub,
      requestKind: kind,
      requestResource: resource,
      name: r.name,
      ...(r.namespace ? { namespace: r.namespace } : {}),
      operation: r.operation,
      userInfo: r.user ?? { username: "system:anonymous", groups: ["system:unauthenticated"] },
      object: r.operation === "DELETE" ? null : (r.object ?? null),
      oldObject: r.oldObject ?? null,
      dryRun: r.dryRun,
      ...(optionsKind ? { options: { apiVersion: "meta.k8s.io/v1", kind: optionsKind, ...(r.dryRun ? { dryRun: ["All"] } : {}) } } : {}),
    },
  };
}

/** A webhook's answer, read. `patch` only when it sent one (mutating webhooks). */
export type Verdict =
  | { allowed: true; warnings: string[]; patch?: unknown[] }
  | { allowed: false; warnings: string[]; message: string; code: number };

/** A response that is not a valid AdmissionReview answer: the call failed (failurePolicy decides). */
export class BadResponseError extends Error {}

/** Read a webhook's JSON answer to the review with `uid`, as the API server does. */
export function readResponse(webhook: string, uid: string, body: unknown): Verdict {
  const review = body as AdmissionReview | null;
  if (typeof review !== "object" || review === null || review.apiVersion !== "admission.k8s.io/v1" || review.kind !== "AdmissionReview") {
    throw new BadResponseError(`expected webhook response of admission.k8s.io/v1, Kind=AdmissionReview, got ${describe(review)}`);
  }
  const response = review.response;
  if (typeof response !== "object" || response === null) throw new BadResponseError("webhook response was absent");
  if (response.uid !== uid) throw new BadResponseError(`expected response.uid="${uid}", got "${String(response.uid ?? "")}"`);
  const warnings = Array.isArray(response.warnings) ? response.warnings.filter((w): w is string => typeof w === "string") : [];
  if (response.allowed !== true) {
    const status = (response.status ?? {}) as { message?: unknown; code?: unknown };
    const said = typeof status.message === "string" && status.message !== "" ? `: ${status.message}` : " without explanation";
    const code = typeof status.code === "number" && status.code >= 400 ? status.code : 403;
    return { allowed: false, warnings, message: `admission webhook "${webhook}" denied the request${said}`, code };
  }
  if (response.patch === undefined) return { allowed: true, warnings };
  if (response.patchType !== "JSONPatch") throw new BadResponseError(`unsupported patch type "${String(response.patchType ?? "")}": only "JSONPatch" is`);
  let patch: unknown;
  try {
    patch = JSON.parse(Buffer.from(String(response.patch), "base64").toString("utf8"));
  } catch {
    throw new BadResponseError("response.patch is not base64 of a JSON Patch");
  }
  if (!Array.isArray(patch)) throw new BadResponseError("response.patch is not a JSON Patch (a list of operations)");
  return { allowed: true, warnings, patch };
}

function describe(v: unknown): string {
  if (typeof v !== "object" || v === null) return JSON.stringify(v) ?? "nothing";
  const o = v as { apiVersion?: unknown; kind?: unknown };
  return `${String(o.apiVersion ?? "")}, Kind=${String(o.kind ?? "")}`;
}

