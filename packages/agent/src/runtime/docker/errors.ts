// How dockerode reports failures, and how we turn them into the runtime's named errors.
// An HTTP error carries `statusCode` and the engine's JSON body (`json.message`); a socket
// error carries a Node `code` (ENOENT: no socket file, ECONNREFUSED: nobody listening,
// EACCES: not allowed to open it).
import { RuntimeUnavailableError } from "../errors.js";

interface DockerodeError {
  statusCode?: number;
  json?: unknown;
  code?: string;
  message?: string;
}

const UNREACHABLE = new Set(["ENOENT", "ECONNREFUSED", "EACCES", "EPERM", "ENOTSOCK"]);

export function statusCode(err: unknown): number | undefined {
  return (err as DockerodeError | undefined)?.statusCode;
}

/** The engine's own sentence, without dockerode's "(HTTP code 404) no such container - " prefix. */
export function engineMessage(err: unknown): string {
  const e = err as DockerodeError | undefined;
  const json = e?.json;
  if (json && typeof json === "object" && typeof (json as { message?: unknown }).message === "string") {
    return (json as { message: string }).message.trim();
  }
  if (typeof json === "string" && json.trim()) return json.trim();
  if (Buffer.isBuffer(json) && json.length > 0) return json.toString("utf8").trim();
  const message = e?.message ?? String(err);
  return message.replace(/^\(HTTP code \d+\) [^-]*- /, "").trim();
}

/** A RuntimeUnavailableError when `err` says the socket itself could not be reached. */
export function unreachable(err: unknown, socketPath: string): RuntimeUnavailableError | undefined {
  if (err instanceof RuntimeUnavailableError) return err;
  const code = (err as DockerodeError | undefined)?.code;
  if (code === undefined || !UNREACHABLE.has(code) || statusCode(err) !== undefined) return undefined;
  return new RuntimeUnavailableError(socketPath, `connect ${code}`, { cause: err });
}

/**
 * Runs one engine call; an unreachable socket becomes RuntimeUnavailableError, and every other
 * failure goes through `mapError` (which may return the error unchanged).
 */
export async function engineCall<T>(
  socketPath: string,
  call: () => Promise<T>,
  mapError: (err: unknown) => unknown = (err) => err,
): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw unreachable(err, socketPath) ?? mapError(err);
  }
}
