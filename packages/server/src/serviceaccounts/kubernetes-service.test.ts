import { describe, expect, it } from "vitest";
import { readEndpointPorts, type Endpoints } from "@skiff/api";
import { kubernetesServiceObjects } from "./kubernetes-service.js";

describe("the kubernetes Service", () => {
  it("is a ClusterIP Service on 443 named https, whose Endpoints lead to the server's REST API", () => {
    const [svc, eps] = kubernetesServiceObjects("10.0.0.1:6443");
    expect(svc).toMatchObject({ kind: "Service", metadata: { name: "kubernetes", namespace: "default" }, spec: { type: "ClusterIP", ports: [{ name: "https", port: 443 }] } });
    expect(eps).toMatchObject({ kind: "Endpoints", subsets: [{ addresses: [{ ip: "10.0.0.1" }], ports: [{ name: "https", port: 6443 }] }] });
    expect(readEndpointPorts(eps as Endpoints)).toEqual({ "10.0.0.1": { "6443/TCP": "10.0.0.1:6443" } });
  });

  it("keeps the other servers' addresses", () => {
    const [, first] = kubernetesServiceObjects("10.0.0.1:6443");
    const [, both] = kubernetesServiceObjects("10.0.0.2:6443", first as Endpoints);
    expect((both as Endpoints).subsets?.map((s) => s.addresses?.[0]?.ip)).toEqual(["10.0.0.1", "10.0.0.2"]);
  });
});
