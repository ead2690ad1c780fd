// What a failed call means (failurePolicy): Fail refuses the request with the webhook's name and
// the cause, as Kubernetes words it; Ignore lets the request through and says why in the log.
import type { Webhook } from "@skiff/api";
import { WebhookFailedError } from "./errors.js";

export type FailureOutcome = { refuse: WebhookFailedError } | { ignore: string };

/** `cause` is already worded: `Post "https://…": context deadline exceeded`. */
export function onCallFailure(webhook: Webhook, cause: string): FailureOutcome {
  const message = `failed calling webhook "${webhook.name}": ${cause}`;
  return (webhook.failurePolicy ?? "Fail") === "Ignore" ? { ignore: message } : { refuse: new WebhookFailedError(message) };
}
