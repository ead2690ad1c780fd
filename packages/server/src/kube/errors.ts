// Errors only the Kubernetes edge raises: HTTP has words for them that gRPC lacks.
import { SkiffError } from "@skiff/api";

/** A request the edge cannot make sense of: a bad query parameter, a patch that does not apply (400). */
export class BadRequestError extends SkiffError {
  readonly code = "INVALID_ARGUMENT";
  readonly status: number = 400;
}

/** A body in a format this endpoint does not take, e.g. an unknown patch type (415). */
export class UnsupportedMediaTypeError extends SkiffError {
  readonly code = "INVALID_ARGUMENT";
  readonly status: number = 415;
}

/** A verb the resource does not support (405). */
export class MethodNotAllowedError extends SkiffError {
  readonly code = "INVALID_ARGUMENT";
  readonly status: number = 405;
}
