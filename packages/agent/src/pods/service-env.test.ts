import { describe, expect, it } from "vitest";
import type { Service, ServicePort } from "@skiff/api";
import { resolveEnv } from "./env.js";
import { serviceEnv } from "./service-env.js";
import { makePod } from "./testing.js";

const svc = (name: string, clusterIP: string, ports: ServicePort[], namespace = "default"): Service => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: { name, namespace },
  spec: { clusterIP, ports },
});

describe("Service environment variables", () => {
  it.each<[string, Service[], Record<string, string>]>([
    [
      "one port: host, port, and the Docker-link style",
      [svc("redis-primary", "10.96.0.11", [{ port: 6379 }])],
      {
        REDIS_PRIMARY_SERVICE_HOST: "10.244.7.11",
        REDIS_PRIMARY_SERVICE_PORT: "6379",
        REDIS_PRIMARY_PORT: "tcp://10.244.7.11:6379",
        REDIS_PRIMARY_PORT_6379_TCP: "tcp://10.244.7.11:6379",
        REDIS_PRIMARY_PORT_6379_TCP_PROTO: "tcp",
        REDIS_PRIMARY_PORT_6379_TCP_PORT: "6379",
        REDIS_PRIMARY_PORT_6379_TCP_ADDR: "10.244.7.11",
      },
    ],
    [
      "named ports: one variable each; the first port is the Service's port",
      [svc("web", "10.96.0.10", [{ name: "http", port: 80 }, { name: "dns-udp", port: 53, protocol: "UDP" }])],
      {
        WEB_SERVICE_HOST: "10.244.7.10",
        WEB_SERVICE_PORT: "80",
        WEB_SERVICE_PORT_HTTP: "80",
        WEB_SERVICE_PORT_DNS_UDP: "53",
        WEB_PORT: "tcp://10.244.7.10:80",
        WEB_PORT_80_TCP: "tcp://10.244.7.10:80",
        WEB_PORT_80_TCP_PROTO: "tcp",
        WEB_PORT_80_TCP_PORT: "80",
        WEB_PORT_80_TCP_ADDR: "10.244.7.10",
        WEB_PORT_53_UDP: "udp://10.244.7.10:53",
        WEB_PORT_53_UDP_PROTO: "udp",
        WEB_PORT_53_UDP_PORT: "53",
        WEB_PORT_53_UDP_ADDR: "10.244.7.10",
      },
    ],
    ["headless: nothing", [svc("db", "None", [{ port: 5432 }])], {}],
    ["no address yet: nothing", [svc("db", "", [{ port: 5432 }])], {}],
    ["another namespace: nothing", [svc("db", "10.96.0.12", [{ port: 5432 }], "other")], {}],
  ])("%s", (_name, services, want) => {
    expect(Object.fromEntries(serviceEnv(services, "default", 3))).toEqual(want);
  });

  it("the container's own variables win, and may refer to the Services'", () => {
    const pod = makePod("client", { containers: [{ env: [{ name: "WEB_SERVICE_PORT", value: "8080" }, { name: "URL", value: "http://$(WEB_SERVICE_HOST)/" }] }] });
    const result = resolveEnv({
      pod,
      container: pod.spec.containers[0]!,
      configs: new Map(),
      nodeName: "n1",
      capacity: { cpuMilli: 1000, memoryBytes: 1 },
      serviceEnv: serviceEnv([svc("web", "10.96.0.10", [{ port: 80 }])], "default", 3),
    });
    if (!result.ok) throw new Error(result.message);
    expect(result.env).toContain("WEB_SERVICE_PORT=8080");
    expect(result.env).toContain("URL=http://10.244.7.10/");
    expect(result.env).toContain("WEB_SERVICE_HOST=10.244.7.10");
    expect(result.env.filter((e) => e.startsWith("WEB_SERVICE_PORT="))).toHaveLength(1);
  });
});
