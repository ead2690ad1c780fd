// Authorization: RBAC over the informer cache, one authorizer for every API edge (README.md).
export { authorize, listPolicy, bindingNames } from "./authorize.js";
export type { RbacPolicy } from "./authorize.js";
export { Authorizer } from "./authorizer.js";
export type { Impersonation } from "./authorizer.js";
export { RbacCache, RBAC_KINDS } from "./cache.js";
export { ADMIN_USER, DEFAULT_CLUSTER_ROLES, DEFAULT_CLUSTER_ROLE_BINDINGS } from "./default-roles.js";
export { ensureDefaultRbac } from "./ensure-defaults.js";
export { ForbiddenError, forbiddenMessage } from "./forbidden.js";
export { API_METHOD_RULES, callAttributes, kindAttributes, objectAttributes, SKIFF_GROUP } from "./grpc-attributes.js";
export { restAttributes, isWatch } from "./rest-attributes.js";
export { answerReview, insecureReviewAnswer, REVIEW_KINDS } from "./review.js";
export { rulesFor, ALL_RULES, type SubjectRulesReviewStatus } from "./rules-review.js";
export { ruleAllows } from "./rules.js";
export { AUTHENTICATED_GROUP, MASTERS_GROUP } from "./types.js";
export type { Decision, RequestAttributes, ResourceAttributes, UserInfo } from "./types.js";
