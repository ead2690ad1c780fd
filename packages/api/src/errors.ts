// Named errors shared by every package. The server maps them to gRPC status codes,
// the client maps them back, and the CLI turns them into one line and an exit code.

export abstract class SkiffError extends Error {
  /** gRPC status name used on the wire (see server/api/errors.ts and client). */
  abstract readonly code: string;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class NotFoundError extends SkiffError {
  readonly code = "NOT_FOUND";
}

export class AlreadyExistsError extends SkiffError {
  readonly code = "ALREADY_EXISTS";
}

/** A write based on a stale resourceVersion (optimistic concurrency, as Kubernetes' 409). */
export class ConflictError extends SkiffError {
  readonly code = "ABORTED";
}

/** A watch asked to start at a revision the store no longer remembers: re-list and watch again. */
export class ExpiredError extends SkiffError {
  readonly code = "OUT_OF_RANGE";
}

export interface FieldIssue {
  /** Dotted path with indexes, e.g. `spec.template.spec.containers[0].image`. */
  path: string;
  message: string;
  /** The document the issue is in (`web.yaml (document 2)`), when several were checked together. */
  source?: string;
}

/** Bad user input. `source` names the document (file and index) when there is one. */
export class ValidationError extends SkiffError {
  readonly code = "INVALID_ARGUMENT";
  readonly issues: FieldIssue[];
  constructor(issues: FieldIssue[], options?: { source?: string; cause?: unknown }) {
    const withSource = issues.map((i) => (i.source || !options?.source ? i : { ...i, source: options.source }));
    super(withSource.map(formatIssue).join("\n"), options);
    this.issues = withSource;
  }
}

/** The server or store is not reachable or not ready; worth retrying. */
export class UnavailableError extends SkiffError {
  readonly code = "UNAVAILABLE";
}

/** The caller did not say who it is, or said it wrongly: no token, a wrong or expired one, no TLS. */
export class UnauthenticatedError extends SkiffError {
  readonly code = "UNAUTHENTICATED";
}

/** The caller is known but may not do this (a node reading another node's assignments). */
export class PermissionDeniedError extends SkiffError {
  readonly code = "PERMISSION_DENIED";
}

/**
 * An eviction that would take a pod below its PodDisruptionBudget (Kubernetes' 429
 * TooManyRequests): nothing was deleted; try again once the budget allows it. `budget` names
 * the PodDisruptionBudget, `reason` says why, in Kubernetes' words.
 */
export class DisruptionBudgetError extends SkiffError {
  readonly code = "RESOURCE_EXHAUSTED";
  readonly status = 429;
  readonly budget: string;
  readonly reason: string;
  /** When the server suggests a wait (the budget's status is not current yet); 0: none. */
  readonly retryAfterSeconds: number;
  constructor(budget: string, reason: string, options?: { cause?: unknown; retryAfterSeconds?: number }) {
    super(DISRUPTION_BUDGET_MESSAGE, options);
    this.budget = budget;
    this.reason = reason;
    this.retryAfterSeconds = options?.retryAfterSeconds ?? 0;
  }
}

/** Kubernetes' message for an eviction its budget refuses, which kubectl drain prints as it retries. */
export const DISRUPTION_BUDGET_MESSAGE = "Cannot evict pod as it would violate the pod's disruption budget.";

/** One line per issue: `web.yaml (document 2): spec.replicas: expected number, got string`. */
export function formatIssue(issue: FieldIssue): string {
  return `${issue.source ? `${issue.source}: ` : ""}${issue.path ? `${issue.path}: ` : ""}${issue.message}`;
}
