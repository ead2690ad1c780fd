// Webhook configurations, as kubectl's generic describer prints them: each webhook's fields by
// name (where it is called, what it matches, what a failure means).
import type { ApiObject, LabelSelector, ValidatingWebhookConfiguration } from "@skiff/api";
import { formatLabelSelector } from "@skiff/api";
import type { DescribeWriter } from "./writer.js";

export function describeWebhookConfiguration(obj: ApiObject, w: DescribeWriter): void {
  const config = obj as ValidatingWebhookConfiguration;
  w.text("Webhooks:");
  for (const hook of config.webhooks ?? []) {
    const cc = hook.clientConfig;
    const service = cc.service ? `${cc.service.namespace}/${cc.service.name}:${cc.service.port ?? 443}${cc.service.path ?? ""}` : undefined;
    w.section(`  ${hook.name}`, (s) => {
      s.field("Client Config", cc.url ?? `service ${service}`);
      s.field("CA Bundle", cc.caBundle ? `${Buffer.from(cc.caBundle, "base64").length} bytes` : "<none> (the server's trusted roots)");
      for (const r of hook.rules ?? []) {
        s.field("Rule", `${r.operations.join(",")} ${r.apiGroups.map((g) => g || "core").join(",")}/${r.apiVersions.join(",")} ${r.resources.join(",")} (scope ${r.scope ?? "*"})`);
      }
      s.field("Namespace Selector", selector(hook.namespaceSelector));
      s.field("Object Selector", selector(hook.objectSelector));
      s.field("Failure Policy", hook.failurePolicy ?? "Fail");
      s.field("Timeout Seconds", hook.timeoutSeconds ?? 10);
      s.field("Side Effects", hook.sideEffects);
    });
  }
}

function selector(s: LabelSelector | undefined): string {
  const text = s ? formatLabelSelector(s) : "";
  return text === "" || text === "<none>" ? "<everything>" : text;
}
