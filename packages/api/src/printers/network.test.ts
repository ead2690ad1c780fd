// A Service's addresses and ports, and an Endpoints' list, as kubectl prints them.
import { describe, expect, it } from "vitest";
import type { Endpoints, Service, ServiceSpec } from "../types.js";
import { endpointList, serviceClusterIP, serviceExternalIP, servicePorts } from "./network.js";

function svc(spec: Partial<ServiceSpec> & Record<string, unknown>, status?: Service["status"]): Service {
  return { apiVersion: "v1", kind: "Service", metadata: { name: "web" }, spec: { ports: [], ...spec }, ...(status ? { status } : {}) };
}

function ep(subsets: Endpoints["subsets"]): Endpoints {
  return { apiVersion: "v1", kind: "Endpoints", metadata: { name: "web" }, subsets };
}

const addrs = (...ips: string[]) => ips.map((ip) => ({ ip }));

describe("Service cells", () => {
  it("prints ports, with the node port when there is one", () => {
    expect(servicePorts(svc({ type: "NodePort", ports: [{ port: 80, nodePort: 30080, protocol: "TCP" }, { port: 53, protocol: "UDP" }] }))).toBe("80:30080/TCP,53/UDP");
    expect(servicePorts(svc({}))).toBe("<none>");
  });

  it("shows the cluster IP, headless None, or <none>", () => {
    expect(serviceClusterIP(svc({ clusterIP: "10.96.0.10" }))).toBe("10.96.0.10");
    expect(serviceClusterIP(svc({ clusterIP: "None" }))).toBe("None");
    expect(serviceClusterIP(svc({ clusterIPs: ["10.96.0.11"], clusterIP: "10.96.0.11" }))).toBe("10.96.0.11");
    expect(serviceClusterIP(svc({}))).toBe("<none>");
  });

  it("has no external IP unless the Service lists some; a load balancer is pending until it has one", () => {
    expect(serviceExternalIP(svc({ type: "ClusterIP" }))).toBe("<none>");
    expect(serviceExternalIP(svc({ type: "NodePort", externalIPs: ["1.2.3.4"] }))).toBe("1.2.3.4");
    expect(serviceExternalIP(svc({ type: "LoadBalancer" as ServiceSpec["type"] }))).toBe("<pending>");
    expect(serviceExternalIP(svc({ type: "LoadBalancer" as ServiceSpec["type"] }, { loadBalancer: { ingress: [{ ip: "5.6.7.8" }] } }))).toBe("5.6.7.8");
  });
});

describe("ENDPOINTS", () => {
  it("lists ip:port, three at most, and counts the rest", () => {
    expect(endpointList(ep([{ addresses: addrs("10.0.0.1", "10.0.0.2"), ports: [{ port: 80 }] }]))).toBe("10.0.0.1:80,10.0.0.2:80");
    const five = ep([{ addresses: addrs("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5"), ports: [{ port: 80 }] }]);
    expect(endpointList(five)).toBe("10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 2 more...");
    expect(endpointList(five, Number.POSITIVE_INFINITY).split(",")).toHaveLength(5);
  });

  it("goes port by port, as kubectl; bare IPs without ports; brackets for IPv6", () => {
    expect(endpointList(ep([{ addresses: addrs("10.0.0.1", "10.0.0.2"), ports: [{ port: 80 }, { port: 443 }] }]))).toBe(
      "10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...",
    );
    expect(endpointList(ep([{ addresses: addrs("10.0.0.1") }]))).toBe("10.0.0.1");
    expect(endpointList(ep([{ addresses: addrs("fd00::1"), ports: [{ port: 80 }] }]))).toBe("[fd00::1]:80");
  });

  it("is <none> with no ready address", () => {
    expect(endpointList(ep(undefined))).toBe("<none>");
    expect(endpointList(ep([{ notReadyAddresses: addrs("10.0.0.1"), ports: [{ port: 80 }] }]))).toBe("<none>");
  });
});
