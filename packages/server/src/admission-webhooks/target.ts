// Where a webhook is called. A `url` is used as written. A `service` reference is resolved as
// the Kubernetes API server does, to `<name>.<namespace>.svc:<port><path>`, except that skiff's
// server has no cluster DNS: it connects to a ready address of the Service's Endpoints (a pod's
// IP, or an address written in a selector-less Service's Endpoints, e.g. 127.0.0.1) on the port
// behind the Service port, and verifies the certificate for `<name>.<namespace>.svc`. Pure.
import type { Endpoints, Service, Webhook } from "@skiff/api";
import type { WebhookTarget } from "./call.js";

export function targetOf(webhook: Webhook, service?: Service, endpoints?: Endpoints): WebhookTarget | string {
  const cc = webhook.clientConfig;
  const ca = cc.caBundle ? Buffer.from(cc.caBundle, "base64").toString("utf8") : undefined;
  const timeoutSeconds = webhook.timeoutSeconds ?? 10;
  if (cc.url) {
    const url = new URL(cc.url);
    return { url, servername: url.hostname.replace(/^\[|\]$/g, ""), ca, timeoutSeconds };
  }
  const ref = cc.service!;
  const host = `${ref.name}.${ref.namespace}.svc`;
  const servicePort = ref.port ?? 443;
  if (!service) return `service "${ref.namespace}/${ref.name}" not found`;
  const port = (service.spec.ports ?? []).find((p) => p.port === servicePort);
  if (!port) return `service "${ref.namespace}/${ref.name}" has no port ${servicePort}`;
  for (const subset of endpoints?.subsets ?? []) {
    const address = subset.addresses?.[0];
    const target = (subset.ports ?? []).find((p) => (port.name ? p.name === port.name : true));
    if (address && target) {
      const url = new URL(`https://${address.ip.includes(":") ? `[${address.ip}]` : address.ip}:${target.port}${ref.path ?? "/"}`);
      return { url, servername: host, ca, timeoutSeconds };
    }
  }
  return `service "${ref.namespace}/${ref.name}" has no ready endpoints (dial tcp: lookup ${host}: no such host)`;
}
