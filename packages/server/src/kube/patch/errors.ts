// How a patch that cannot be applied is reported: 400 with Kubernetes' wording for a bad request.
import { InvalidPatchError } from "@skiff/api";
import { BadRequestError } from "../errors.js";

/** A patch body that is malformed or does not apply to the live object. */
export function invalidPatch(detail: string, cause?: unknown): BadRequestError {
  return new BadRequestError(`the server rejected our request due to an error in our request: ${detail}`, { cause });
}

/** `fn`, with @skiff/api's InvalidPatchError turned into the edge's 400. */
export function asBadRequest<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw err instanceof InvalidPatchError ? invalidPatch(err.message, err.cause) : err;
  }
}
