// SelfSubjectAccessReview and SubjectAccessReview (authorization.k8s.io/v1): "may I?" and "may
// they?"; SelfSubjectRulesReview: "what may I do here?" (rules-review.ts). All answered by the same authorizer that judges requests, so that `kubectl auth can-i` and
// `skiff auth can-i` say what the API will then do. Nothing is stored: the answer is the object
// sent, with its status filled in.
import { ValidationError } from "@skiff/api";
import type { Authorizer } from "./authorizer.js";
import { ALL_RULES, type SubjectRulesReviewStatus } from "./rules-review.js";
import { AUTHENTICATED_GROUP, type RequestAttributes, type UserInfo } from "./types.js";

export const REVIEW_KINDS = new Set(["SelfSubjectAccessReview", "SubjectAccessReview", "SelfSubjectRulesReview"]);

interface ReviewSpec {
  resourceAttributes?: { namespace?: string; verb?: string; group?: string; resource?: string; subresource?: string; name?: string; version?: string };
  nonResourceAttributes?: { path?: string; verb?: string };
  user?: string;
  groups?: string[];
  /** SelfSubjectRulesReview's only field. */
  namespace?: string;
}

export interface AccessReview {
  apiVersion: string;
  kind: string;
  metadata?: Record<string, unknown>;
  spec?: ReviewSpec;
  /** An access review's answer, or a rules review's (SubjectRulesReviewStatus). */
  status?: { allowed?: boolean; reason?: string; denied?: boolean } & Partial<SubjectRulesReviewStatus>;
}

/** The review with its status; a SubjectAccessReview needs the caller to be allowed to create one. */
export async function answerReview(body: unknown, caller: UserInfo, authz: Authorizer): Promise<AccessReview> {
  const review = body as AccessReview;
  if (typeof body !== "object" || body === null || !REVIEW_KINDS.has(review.kind)) {
    throw new ValidationError([{ path: "kind", message: "must be SelfSubjectAccessReview or SubjectAccessReview" }]);
  }
  const spec = review.spec ?? {};
  if (review.kind === "SelfSubjectRulesReview") {
    if (!spec.namespace) throw new ValidationError([{ path: "spec.namespace", message: "no namespace on request: the rules of one namespace are listed" }]);
    return answered(review, await authz.rules(caller, spec.namespace));
  }
  let subject = caller;
  if (review.kind === "SubjectAccessReview") {
    await authz.check(caller, { resourceRequest: true, verb: "create", apiGroup: "authorization.k8s.io", resource: "subjectaccessreviews", subresource: "", namespace: "", name: "" });
    if (!spec.user && !(spec.groups ?? []).length) throw new ValidationError([{ path: "spec.user", message: "at least one of user or group must be specified" }]);
    subject = { name: spec.user ?? "", groups: [...new Set([...(spec.groups ?? []), ...(spec.user ? [AUTHENTICATED_GROUP] : [])])] };
  }
  const decision = await authz.decide(subject, reviewAttributes(spec));
  const status = decision.allowed ? { allowed: true, ...(decision.reason ? { reason: decision.reason } : {}) } : { allowed: false, ...(decision.reason ? { reason: decision.reason } : {}) };
  return answered(review, status);
}

/** The answer of a server with no RBAC (--insecure): allowed, everything. */
export function insecureReviewAnswer(body: unknown): AccessReview {
  const review = body as AccessReview;
  return answered(review, review?.kind === "SelfSubjectRulesReview" ? ALL_RULES : { allowed: true, reason: "the server runs --insecure" });
}

function answered(review: AccessReview, status: NonNullable<AccessReview["status"]>): AccessReview {
  return { apiVersion: "authorization.k8s.io/v1", kind: review.kind, metadata: { ...(review.metadata ?? {}), creationTimestamp: null as unknown as string }, spec: review.spec ?? {}, status };
}

function reviewAttributes(spec: ReviewSpec): RequestAttributes {
  const r = spec.resourceAttributes;
  const n = spec.nonResourceAttributes;
  if (r && n) throw new ValidationError([{ path: "spec.nonResourceAttributes", message: "cannot be specified in combination with resourceAttributes" }]);
  if (n) return { resourceRequest: false, verb: n.verb ?? "", path: n.path ?? "" };
  if (!r) throw new ValidationError([{ path: "spec.resourceAttributes", message: "exactly one of nonResourceAttributes or resourceAttributes must be specified" }]);
  return { resourceRequest: true, verb: r.verb ?? "", apiGroup: r.group ?? "", resource: r.resource ?? "", subresource: r.subresource ?? "", namespace: r.namespace ?? "", name: r.name ?? "" };
}
