// Kubernetes' defaults for admission webhooks (admissionregistration/v1 defaults.go): what the
// server assumes when a configuration leaves a field out, written into the stored object.
import type { MutatingWebhookConfiguration, ValidatingWebhookConfiguration } from "./types.js";

export const DEFAULT_WEBHOOK_TIMEOUT_SECONDS = 10;

export function defaultWebhooks(config: ValidatingWebhookConfiguration | MutatingWebhookConfiguration): void {
  for (const w of config.webhooks ?? []) {
    w.failurePolicy ??= "Fail";
    w.matchPolicy ??= "Equivalent";
    w.namespaceSelector ??= {};
    w.objectSelector ??= {};
    w.timeoutSeconds ??= DEFAULT_WEBHOOK_TIMEOUT_SECONDS;
    if (config.kind === "MutatingWebhookConfiguration") w.reinvocationPolicy ??= "Never";
    if (w.clientConfig.service) w.clientConfig.service.port ??= 443;
    for (const r of w.rules ?? []) r.scope ??= "*";
  }
}
