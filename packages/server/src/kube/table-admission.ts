// kubectl 1.32's tables for webhook configurations (printers.go printValidatingWebhook,
// printMutatingWebhook: Name, Webhooks, Age); cells by @skiff/api.
import { age, webhookCount, type ApiObject } from "@skiff/api";
import { AGE, NAME, column, type Printer } from "./table-columns.js";

const webhookConfiguration: Printer = {
  columns: [NAME, column("Webhooks", "integer", "Webhooks indicates the number of webhooks included in this configuration."), AGE],
  cells: (o: ApiObject, now: number) => [o.metadata.name, webhookCount(o), age(o.metadata.creationTimestamp, now)],
};

export const admissionPrinters: Record<string, Printer> = {
  ValidatingWebhookConfiguration: webhookConfiguration,
  MutatingWebhookConfiguration: webhookConfiguration,
};
