// Webhook configurations: kubectl's columns NAME WEBHOOKS AGE.
import { age, webhookCount } from "@skiff/api";
import type { Columns } from "./types.js";

const webhookConfigurations: Columns = {
  headers: ["NAME", "WEBHOOKS", "AGE"],
  row: (o, now) => [o.metadata.name, String(webhookCount(o)), age(o.metadata.creationTimestamp, now)],
};

export const admissionColumns: Record<string, Columns> = {
  ValidatingWebhookConfiguration: webhookConfigurations,
  MutatingWebhookConfiguration: webhookConfigurations,
};
