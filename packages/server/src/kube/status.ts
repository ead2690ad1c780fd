// Errors as Kubernetes words them: a `Status` object with an HTTP code, a reason and, for
// invalid objects, one cause per field path (apimachinery pkg/api/errors). kubectl prints these
// (`Error from server (NotFound): pods "x" not found`, `The Pod "x" is invalid: * spec...`).
import {
  AlreadyExistsError,
  ConflictError,
  DisruptionBudgetError,
  ExpiredError,
  NotFoundError,
  PermissionDeniedError,
  SkiffError,
  UnauthenticatedError,
  UnavailableError,
  ValidationError,
  formatIssue,
} from "@skiff/api";
import { qualifiedName, type Resource } from "./resources.js";

export interface Status {
  kind: "Status";
  apiVersion: "v1";
  metadata: Record<string, never>;
  status: "Failure" | "Success";
  message: string;
  reason: string;
  details?: { name?: string; group?: string; kind?: string; causes?: { reason: string; message: string; field?: string }[]; retryAfterSeconds?: number };
  code: number;
}

/** What a request was about, so that messages can name it as Kubernetes does. */
export interface StatusContext {
  resource?: Pick<Resource, "group" | "resource" | "kind">;
  name?: string;
}

export function status(code: number, reason: string, message: string, details?: Status["details"]): Status {
  return { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, ...(details ? { details } : {}), code };
}

export function notFound(resource: Pick<Resource, "group" | "resource">, name: string): Status {
  return status(404, "NotFound", `${qualifiedName(resource)} "${name}" not found`, { name, group: resource.group, kind: resource.resource });
}

/** The Status for any error; `internal` is called for what is not a user's error (our bug). */
export function toStatus(err: unknown, ctx: StatusContext = {}, internal?: (err: unknown) => void): Status {
  const r = ctx.resource;
  const details = r ? { name: ctx.name, group: r.group, kind: r.resource } : undefined;
  const named = r && ctx.name ? `${qualifiedName(r)} "${ctx.name}"` : undefined;
  if (err instanceof NotFoundError) {
    // "namespace not found" and the like keep skiff's own words: they name what is missing.
    return status(404, "NotFound", named && /^\w+ \S+ not found$/.test(err.message) ? `${named} not found` : err.message, details);
  }
  if (err instanceof AlreadyExistsError) return status(409, "AlreadyExists", named ? `${named} already exists` : err.message, details);
  if (err instanceof ConflictError) {
    const causes = (err as { causes?: { reason: string; message: string; field?: string }[] }).causes;
    if (causes) return status(409, "Conflict", err.message, { ...details, causes });
    const message = named
      ? `Operation cannot be fulfilled on ${named}: the object has been modified; please apply your changes to the latest version and try again`
      : err.message;
    return status(409, "Conflict", message, details);
  }
  if (err instanceof ValidationError) return invalid(err, ctx);
  if (err instanceof ExpiredError) return status(410, "Expired", err.message);
  if (err instanceof UnauthenticatedError) return status(401, "Unauthorized", "Unauthorized");
  if (err instanceof PermissionDeniedError) return status(403, "Forbidden", err.message, details);
  if (err instanceof DisruptionBudgetError) {
    // apimachinery's NewTooManyRequests, with the eviction's cause of type DisruptionBudget.
    const retry = err.retryAfterSeconds > 0 ? { retryAfterSeconds: err.retryAfterSeconds } : {};
    return status(429, "TooManyRequests", err.message, { causes: [{ reason: "DisruptionBudget", message: err.reason }], ...retry });
  }
  if (err instanceof UnavailableError) return status(503, "ServiceUnavailable", err.message, details);
  if (err instanceof SkiffError) {
    const code = "status" in err && typeof err.status === "number" ? err.status : CODE_OF[err.code] ?? 400;
    return status(code, REASON_OF[code] ?? "BadRequest", err.message, details);
  }
  internal?.(err);
  return status(500, "InternalError", `an error on the server ("${err instanceof Error ? err.message : String(err)}") has prevented the request from succeeding`);
}

const CODE_OF: Record<string, number> = { RESOURCE_EXHAUSTED: 429, FAILED_PRECONDITION: 400, INVALID_ARGUMENT: 400 };
const REASON_OF: Record<number, string> = { 500: "InternalError", 403: "Forbidden", 400: "BadRequest", 405: "MethodNotAllowed", 415: "UnsupportedMediaType", 429: "TooManyRequests" };

/** 422 Invalid: `Deployment.apps "web" is invalid: [spec.replicas: ..., ...]`, a cause per field. */
function invalid(err: ValidationError, ctx: StatusContext): Status {
  const r = ctx.resource;
  const kind = r ? (r.group ? `${r.kind}.${r.group}` : r.kind) : "object";
  const causes = err.issues.map((i) => ({
    reason: /required/i.test(i.message) ? "FieldValueRequired" : "FieldValueInvalid",
    message: i.source ? `${i.source}: ${i.message}` : i.message,
    field: i.path,
  }));
  const message = `${kind} "${ctx.name ?? ""}" is invalid: ${err.issues.length === 1 ? formatIssue(err.issues[0]!) : `[${err.issues.map(formatIssue).join(", ")}]`}`;
  return status(422, "Invalid", message, { name: ctx.name, group: r?.group, kind: r?.kind, causes });
}
