// gRPC status -> the named errors of @skiff/api: the inverse of the server's mapping, so code
// using the SDK can `catch (e) { if (e instanceof NotFoundError) ... }` as it would in-process.
import { status, type Metadata, type ServiceError } from "@grpc/grpc-js";
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
  type FieldIssue,
} from "@skiff/api";

/**
 * The server failed in a way it did not expect (gRPC INTERNAL, UNKNOWN...), or answered with a
 * status skiff does not use. Not the caller's fault: the CLI reports it as a bug.
 */
export class ServerError extends SkiffError {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/**
 * A limit was hit (gRPC RESOURCE_EXHAUSTED): the client's request rate ("slow down"), a watch
 * it did not read fast enough, or a message larger than the server or client accepts. Nothing
 * was done; slow down, or split the request.
 */
export class LimitExceededError extends SkiffError {
  readonly code = "RESOURCE_EXHAUSTED";
}

// grpc-js' own words when a message is over the limit, on either side.
const TOO_LARGE = /larger than max \((\d+) vs\.? (\d+)\)/;

function limitMessage(details: string): string {
  const m = TOO_LARGE.exec(details);
  if (!m) return details;
  const mib = (n: string) => `${(Number(n) / 1024 / 1024).toFixed(1)} MiB`;
  return `message too large: ${mib(m[1] ?? "0")}, over the ${mib(m[2] ?? "0")} limit of a gRPC message; split the request (apply fewer objects at once, list with a selector)`;
}

/** The one sentence a user sees whenever the server cannot be reached. */
export function unreachableMessage(server: string, reason: string): string {
  return (
    `cannot reach the skiff server at ${server} (${reason}). Is it running? ` +
    `Start one with 'skiff server' (or 'skiff up'), or point --server / SKIFF_SERVER at it.`
  );
}

// grpc-js reports the socket error inside the details text ("... connect ECONNREFUSED ...").
const REASONS: [RegExp, string][] = [
  [/ECONNREFUSED/, "connection refused"],
  [/ENOTFOUND|EAI_AGAIN|Name resolution failed|DNS resolution failed/i, "host not found"],
  [/EHOSTUNREACH|ENETUNREACH/, "host unreachable"],
  [/ETIMEDOUT|Deadline/i, "timed out"],
  // TLS: a plaintext server, or a certificate not from the CA in the client config.
  [/wrong version number|packet length too long|unknown protocol|EPROTO/i, "it does not speak TLS: if it runs with --insecure, set SKIFF_INSECURE=1"],
  [/self.signed|unable to verify|certificate|altnames/i, "its certificate is not from the cluster CA of the client config"],
  [/ECONNRESET|Connection dropped/i, "connection reset"],
];

/** A short reason for an UNAVAILABLE status, for the parenthesis in the unreachable message. */
export function unreachableReason(details: string): string {
  for (const [re, reason] of REASONS) if (re.test(details)) return reason;
  return details.replace(/^No connection established\. Last error: /, "") || "unavailable";
}

function isServiceError(err: unknown): err is ServiceError {
  return err instanceof Error && typeof (err as Partial<ServiceError>).code === "number";
}

function metadataString(md: Metadata | undefined, key: string): string | undefined {
  const value = md?.get(key)[0];
  if (value === undefined) return undefined;
  return typeof value === "string" ? value : value.toString("utf8");
}

function issuesFrom(md: Metadata | undefined, details: string): FieldIssue[] {
  const raw = metadataString(md, "skiff-issues");
  if (raw) {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (Array.isArray(parsed)) {
        return parsed.map((i: { path?: unknown; message?: unknown; source?: unknown }) => ({
          path: typeof i.path === "string" ? i.path : "",
          message: typeof i.message === "string" ? i.message : String(i.message),
          ...(typeof i.source === "string" ? { source: i.source } : {}),
        }));
      }
    } catch {
      // A malformed trailer is not worth hiding the server's message for: fall through.
    }
  }
  return [{ path: "", message: details }];
}

/** An eviction its PodDisruptionBudget refused (the server's `skiff-disruption-budget` trailer), else undefined. */
function budgetRefusal(md: Metadata | undefined, opts: { cause: unknown }): DisruptionBudgetError | undefined {
  const raw = metadataString(md, "skiff-disruption-budget");
  if (!raw) return undefined;
  try {
    const b = JSON.parse(raw) as { budget?: unknown; reason?: unknown; retryAfterSeconds?: unknown };
    if (typeof b.budget !== "string") return undefined;
    const retryAfterSeconds = typeof b.retryAfterSeconds === "number" ? b.retryAfterSeconds : 0;
    return new DisruptionBudgetError(b.budget, typeof b.reason === "string" ? b.reason : "", { ...opts, retryAfterSeconds });
  } catch {
    return undefined;
  }
}

// What grpc-js itself says when the connection to the server fails (as opposed to a status the
// server chose to send): "No connection established. Last error: ...", "Connection dropped"...
const CONNECTION_FAILURE = /^(No connection established|Connection dropped|Failed to connect|Name resolution failed|DNS resolution failed|Received RST_STREAM|Stream refused|read ECONNRESET|write EPIPE)/i;

/** How the server's store begins its message when etcd cannot serve a call (no quorum, not answering). */
const STORE_UNAVAILABLE = /^the store \(etcd at /;

/** The UNAVAILABLE status came from grpc-js losing the server, not from the server itself. */
export function isConnectionFailure(details: string): boolean {
  return CONNECTION_FAILURE.test(details);
}

export interface MapOptions {
  /**
   * The call is forwarded by the server to a node's agent (logs, exec): an UNAVAILABLE the server
   * sends means the pod's node is out of reach (not scheduled yet, agent down), and keeps the
   * server's message; only a failed connection to the server itself is "cannot reach the server".
   */
  proxied?: boolean;
}

/**
 * Turn an error from a gRPC call into a named skiff error. Anything that is not a gRPC status
 * (a bug in this package, say) is returned as it is.
 */
export function fromGrpcError(err: unknown, server: string, options: MapOptions = {}): unknown {
  if (!isServiceError(err)) return err;
  const details = err.details || err.message;
  const opts = { cause: err };
  if (options.proxied && err.code === status.UNAVAILABLE && !isConnectionFailure(details)) {
    return new UnavailableError(details, opts);
  }
  switch (err.code) {
    case status.NOT_FOUND:
      return new NotFoundError(details, opts);
    case status.ALREADY_EXISTS:
      return new AlreadyExistsError(details, opts);
    case status.ABORTED:
    case status.FAILED_PRECONDITION:
      return new ConflictError(details, opts);
    case status.OUT_OF_RANGE:
      return new ExpiredError(details, opts);
    case status.INVALID_ARGUMENT: {
      const source = metadataString(err.metadata, "skiff-source");
      return new ValidationError(issuesFrom(err.metadata, details), { source, cause: err });
    }
    case status.PERMISSION_DENIED:
      return new PermissionDeniedError(details, opts);
    case status.UNAUTHENTICATED:
      return new UnauthenticatedError(details, opts);
    case status.RESOURCE_EXHAUSTED:
      return budgetRefusal(err.metadata, opts) ?? new LimitExceededError(limitMessage(details), opts);
    case status.UNAVAILABLE:
      // The server answered, but its store (etcd) could not: its own message says so and what to do.
      if (STORE_UNAVAILABLE.test(details)) return new UnavailableError(details, opts);
      return new UnavailableError(unreachableMessage(server, unreachableReason(details)), opts);
    case status.UNIMPLEMENTED:
    case status.UNKNOWN:
      // Something answered, but not gRPC (a web server, a proxy): the address is wrong.
      if (/Received HTTP status code|Protocol error/i.test(details)) {
        return new UnavailableError(unreachableMessage(server, `something answered, but not a skiff server: ${details}`), opts);
      }
      return new ServerError(status[err.code] ?? String(err.code), details, opts);
    case status.DEADLINE_EXCEEDED:
      return new UnavailableError(unreachableMessage(server, "timed out"), opts);
    default:
      return new ServerError(status[err.code] ?? String(err.code), details, opts);
  }
}
