// Cells for webhook configurations, by kubectl's rules (printers.go printValidatingWebhook,
// printMutatingWebhook): NAME WEBHOOKS AGE.
import type { ApiObject } from "../meta.js";

/** WEBHOOKS: how many webhooks the configuration lists. */
export function webhookCount(config: ApiObject): number {
  const list = (config as { webhooks?: unknown }).webhooks;
  return Array.isArray(list) ? list.length : 0;
}
