// The authorizer both API edges call: decide (the pure authorize() over the informer cache),
// check (throw Forbidden in Kubernetes' words), and impersonation (`--as`, Impersonate-User),
// which is itself authorised: only a user allowed to `impersonate` users (and groups) may.
import type { Logger } from "../log.js";
import { authorize, type RbacPolicy } from "./authorize.js";
import { ForbiddenError } from "./forbidden.js";
import { rulesFor, type SubjectRulesReviewStatus } from "./rules-review.js";
import { AUTHENTICATED_GROUP, type Decision, type RequestAttributes, type UserInfo } from "./types.js";

/** What a caller asked to act as (Impersonate-User / Impersonate-Group, or gRPC's impersonate-* metadata). */
export interface Impersonation {
  user?: string;
  groups: string[];
}

export interface AuthorizerSource extends RbacPolicy {
  behind?(): boolean;
  catchUp?(): Promise<void>;
}

export class Authorizer {
  constructor(
    private readonly policy: AuthorizerSource,
    private readonly log?: Logger,
  ) {}

  /** The decision; a denial right after this server's own RBAC write waits for the cache and asks again. */
  async decide(user: UserInfo, a: RequestAttributes): Promise<Decision> {
    const first = authorize(user, a, this.policy);
    if (first.allowed || !this.policy.behind?.()) return first;
    await this.policy.catchUp?.();
    return authorize(user, a, this.policy);
  }

  /** Resolves when allowed; else ForbiddenError with Kubernetes' message. */
  async check(user: UserInfo, a: RequestAttributes): Promise<void> {
    const d = await this.decide(user, a);
    if (d.allowed) return;
    this.log?.debug({ user: user.name, attributes: a }, "forbidden");
    throw new ForbiddenError(user.name, a, d);
  }

  /** Every rule `user` holds in `namespace` (SelfSubjectRulesReview), after this server's own RBAC writes. */
  async rules(user: UserInfo, namespace: string): Promise<SubjectRulesReviewStatus> {
    if (this.policy.behind?.()) await this.policy.catchUp?.();
    return rulesFor(user, namespace, this.policy);
  }

  /** Who the request acts as: the caller, or whom they may impersonate (apiserver's impersonation filter). */
  async actingAs(caller: UserInfo, as: Impersonation): Promise<UserInfo> {
    if (!as.user) {
      if (as.groups.length > 0) throw new ForbiddenError(caller.name, impersonate("users", ""), { allowed: false, reason: "" });
      return caller;
    }
    const uses = [impersonate(as.user.startsWith("system:serviceaccount:") ? "serviceaccounts" : "users", as.user), ...as.groups.map((g) => impersonate("groups", g))];
    if (as.user.startsWith("system:serviceaccount:")) {
      const [, , ns = "", name = ""] = as.user.split(":");
      uses[0] = { ...impersonate("serviceaccounts", name), namespace: ns };
    }
    for (const a of uses) await this.check(caller, a);
    return { name: as.user, groups: [...new Set([...as.groups, AUTHENTICATED_GROUP])] };
  }
}

function impersonate(resource: string, name: string) {
  return { resourceRequest: true as const, verb: "impersonate", apiGroup: "", resource, subresource: "", namespace: "", name };
}
