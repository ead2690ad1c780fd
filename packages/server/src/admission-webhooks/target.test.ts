import { describe, expect, it } from "vitest";
import type { Endpoints, Service, Webhook } from "@skiff/api";
import { targetOf } from "./target.js";

const hook = (clientConfig: Webhook["clientConfig"], timeoutSeconds?: number): Webhook => ({ name: "w.example.com", clientConfig, sideEffects: "None", admissionReviewVersions: ["v1"], ...(timeoutSeconds ? { timeoutSeconds } : {}) });
const service: Service = { apiVersion: "v1", kind: "Service", metadata: { name: "hook", namespace: "web" }, spec: { ports: [{ name: "https", port: 443, targetPort: 8443 }] } } as Service;
const endpoints = (ip: string): Endpoints => ({ apiVersion: "v1", kind: "Endpoints", metadata: { name: "hook", namespace: "web" }, subsets: [{ addresses: [{ ip }], ports: [{ name: "https", port: 8443 }] }] });

describe("where a webhook is called", () => {
  it("a url as written, verified for its host, with the caBundle decoded and the default timeout", () => {
    const t = targetOf(hook({ url: "https://127.0.0.1:9443/validate", caBundle: Buffer.from("PEM").toString("base64") }));
    expect(t).toEqual({ url: new URL("https://127.0.0.1:9443/validate"), servername: "127.0.0.1", ca: "PEM", timeoutSeconds: 10 });
  });

  it("a Service through a ready endpoint on the port behind the Service port, verified as <name>.<namespace>.svc", () => {
    const t = targetOf(hook({ service: { namespace: "web", name: "hook", port: 443, path: "/mutate" } }, 3), service, endpoints("10.244.1.5"));
    expect(t).toEqual({ url: new URL("https://10.244.1.5:8443/mutate"), servername: "hook.web.svc", ca: undefined, timeoutSeconds: 3 });
  });

  it.each([
    ["a missing Service", undefined, undefined, 'service "web/hook" not found'],
    ["a Service without that port", { ...service, spec: { ports: [{ port: 80 }] } } as Service, undefined, 'service "web/hook" has no port 443'],
    ["no ready endpoint", service, { ...endpoints("x"), subsets: [] }, 'service "web/hook" has no ready endpoints'],
  ])("says why for %s", (_n, svc, eps, message) => {
    expect(targetOf(hook({ service: { namespace: "web", name: "hook", port: 443 } }), svc, eps)).toContain(message);
  });
});
