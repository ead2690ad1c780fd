// Admission webhooks (docs/admission-webhooks.md): the server calls ValidatingWebhookConfiguration
// and MutatingWebhookConfiguration endpoints before it stores an object.
export { WebhookAdmission, type Admitted } from "./webhook-admission.js";
export { WebhookDeniedError, WebhookFailedError } from "./errors.js";
export { asRequestUser, requestUser } from "./request-user.js";
export { matchingWebhooks, type ConfiguredWebhook, type RequestAttributes } from "./matching.js";
