// A patch that is malformed or does not apply. The REST edge answers it with a 400 in Kubernetes'
// words; the CLI (which patches client-side: the gRPC API has no Patch) prints it.
import { SkiffError } from "../errors.js";

export class InvalidPatchError extends SkiffError {
  readonly code = "INVALID_ARGUMENT";
}

export function invalidPatch(detail: string, cause?: unknown): InvalidPatchError {
  return new InvalidPatchError(detail, { cause });
}
