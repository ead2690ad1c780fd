// The CLI's one top-level catch: every failure becomes one readable message and an exit code.
//   0  success
//   1  the user's to fix: bad input, not found, conflict, server unreachable, usage
//   2  a bug (in skiff, client or server): "internal error (this is a bug): ..."
//   N  `skiff exec`: the exit code of the command it ran (CommandExit)
import {
  AlreadyExistsError,
  ConflictError,
  ExpiredError,
  NotFoundError,
  PermissionDeniedError,
  SkiffError,
  UnauthenticatedError,
  UnavailableError,
  ValidationError,
} from "@skiff/api";
import { ServerError } from "@skiff/client";
import { UsageError } from "./usage-error.js";
import { UserError } from "./user-error.js";

export { UserError } from "./user-error.js";

// Its own file, so that cli.ts can throw it without loading the SDK that this file needs.
export { UsageError } from "./usage-error.js";

/**
 * Not a failure: the command ran something whose exit code becomes skiff's (`skiff exec -- false`
 * exits 1, as kubectl does). Nothing is printed for it.
 */
export class CommandExit extends Error {
  constructor(readonly exitCode: number) {
    super(`exit code ${exitCode}`);
    this.name = "CommandExit";
  }
}

/** The server answered with a status meaning it failed, not the caller. */
const SERVER_BUGS = new Set(["INTERNAL", "UNKNOWN", "DATA_LOSS"]);

export interface Report {
  /** 1 or 2, or the exit code a CommandExit carries. */
  exitCode: number;
  /** What to print on stderr, ending in a newline. */
  text: string;
}

function prefixed(prefix: string, message: string): string {
  return message
    .split("\n")
    .map((l) => prefix + l + "\n")
    .join("");
}

export function report(err: unknown, command = ""): Report {
  // Several failures at once (`get a b c` with two missing): one line each, the worst exit code.
  if (err instanceof AggregateError && err.errors.length) {
    const parts = err.errors.map((e) => report(e, command));
    return { exitCode: parts.some((p) => p.exitCode === 2) ? 2 : 1, text: parts.map((p) => p.text).join("") };
  }
  if (err instanceof CommandExit) return { exitCode: err.exitCode, text: "" };
  if (err instanceof UserError) return { exitCode: 1, text: prefixed("error: ", err.message) };
  if (err instanceof UsageError) {
    const help = command ? `skiff ${command} --help` : "skiff --help";
    return { exitCode: 1, text: `error: ${err.message}\nSee '${help}' for usage.\n` };
  }
  // kubectl's wording for what the server refused: "Error from server (NotFound): ...".
  if (err instanceof NotFoundError) return { exitCode: 1, text: `Error from server (NotFound): ${err.message}\n` };
  if (err instanceof AlreadyExistsError) return { exitCode: 1, text: `Error from server (AlreadyExists): ${err.message}\n` };
  if (err instanceof ConflictError) return { exitCode: 1, text: `Error from server (Conflict): ${err.message}\n` };
  if (err instanceof UnauthenticatedError) return { exitCode: 1, text: `error: not authenticated: ${err.message}\n` };
  if (err instanceof PermissionDeniedError) return { exitCode: 1, text: `Error from server (Forbidden): ${err.message}\n` };
  if (err instanceof ExpiredError) return { exitCode: 1, text: `Error from server (Expired): ${err.message}\n` };
  if (err instanceof ValidationError) return { exitCode: 1, text: prefixed("error: ", err.message) };
  if (err instanceof UnavailableError) return { exitCode: 1, text: `${err.message}\n` };
  if (err instanceof ServerError) {
    if (SERVER_BUGS.has(err.code)) {
      return { exitCode: 2, text: `internal error (this is a bug): Error from server (${err.code}): ${err.message}\n` };
    }
    return { exitCode: 1, text: `Error from server (${err.code}): ${err.message}\n` };
  }
  if (err instanceof SkiffError) return { exitCode: 1, text: `error: ${err.message}\n` };
  const message = err instanceof Error ? err.message : String(err);
  // SKIFF_DEBUG=1 shows the stack a bug report needs; by default one line is enough.
  const detail = process.env.SKIFF_DEBUG && err instanceof Error && err.stack ? `\n${err.stack}` : "";
  return { exitCode: 2, text: `internal error (this is a bug): ${message}${detail}\n` };
}
