// ServiceAccount (core v1): the identity of the programs that run in pods. A pod names one
// (spec.serviceAccountName, `default` when it names none) and gets a token that authenticates as
// `system:serviceaccount:<namespace>:<name>` (docs/security.md, "ServiceAccounts").
import type { ApiObject } from "../meta.js";
import type { ObjectReference } from "./common.js";

export interface ServiceAccount extends ApiObject<never, never> {
  /** Kept as Kubernetes' shape; skiff makes no token Secrets (tokens are projected into pods). */
  secrets?: ObjectReference[];
  imagePullSecrets?: { name?: string }[];
  /** false: pods of this account get no token unless they ask for one (spec.automountServiceAccountToken). */
  automountServiceAccountToken?: boolean;
}
