import { describe, expect, it } from "vitest";
import type { Endpoints, Service } from "@skiff/api";
import { describeObject } from "./index.js";

const svc: Service = {
  apiVersion: "v1",
  kind: "Service",
  metadata: { name: "web", namespace: "default", labels: { app: "web" }, creationTimestamp: "2026-01-01T00:00:00Z" },
  spec: { type: "NodePort", clusterIP: "10.96.0.1", selector: { app: "web" }, ports: [{ name: "http", port: 80, targetPort: 8080, protocol: "TCP", nodePort: 31080 }] },
};
const addresses = ["10.244.6.2", "10.244.8.3", "10.244.8.4", "10.244.8.5"].map((ip) => ({ ip }));
const endpoints: Endpoints = { apiVersion: "v1", kind: "Endpoints", metadata: { name: "web", namespace: "default" }, subsets: [{ addresses, ports: [{ name: "http", port: 8080, protocol: "TCP" }] }] };

describe("describe svc", () => {
  it("shows each port with its target, node port and ready endpoints, as kubectl", () => {
    const text = describeObject(svc, { now: Date.parse("2026-01-01T00:01:00Z"), endpoints: [endpoints], events: [] });
    const lines = text.split("\n").map((l) => l.replace(/\s+/g, " "));
    expect(lines).toEqual(
      expect.arrayContaining([
        "Name: web",
        "Namespace: default",
        "Selector: app=web",
        "Type: NodePort",
        "IP: 10.96.0.1",
        "Port: http 80/TCP",
        "TargetPort: 8080/TCP",
        "NodePort: http 31080/TCP",
        "Endpoints: 10.244.6.2:8080,10.244.8.3:8080,10.244.8.4:8080 + 1 more...",
        "Events: <none>",
      ]),
    );
  });

  it("says <none> when there are no Endpoints", () => {
    expect(describeObject(svc, { now: 0 })).toMatch(/Endpoints:\s+<none>/);
  });
});
