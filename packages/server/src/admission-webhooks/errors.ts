// What a webhook's answer makes of a request, as named errors: refused by the webhook (403, or
// the code it gave), or not answered properly under failurePolicy Fail (500 InternalError).
import { SkiffError } from "@skiff/api";

/** `admission webhook "deny.example.com" denied the request: <its message>`: nothing was stored. */
export class WebhookDeniedError extends SkiffError {
  readonly code = "PERMISSION_DENIED";
  constructor(
    message: string,
    /** The HTTP code the webhook gave in status.code (403 when it gave none), for the REST edge. */
    readonly status: number,
  ) {
    super(message);
  }
}

/** A webhook with failurePolicy Fail could not be called, or answered something unreadable. */
export class WebhookFailedError extends SkiffError {
  // Refused by admission on gRPC; Kubernetes' 500 InternalError on REST.
  readonly code = "PERMISSION_DENIED";
  readonly status = 500;
}
