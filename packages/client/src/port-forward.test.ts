import { describe, expect, it } from "vitest";
import { ENDPOINT_PORTS_ANNOTATION, type Endpoints, type Pod, type Service } from "@skiff/api";
import { parsePortPair, podBackend, serviceBackends, servicePortFor } from "./port-forward.js";

const svc: Service = {
  apiVersion: "v1",
  kind: "Service",
  metadata: { name: "web" },
  spec: { ports: [{ name: "http", port: 80, targetPort: "web", protocol: "TCP" }, { name: "metrics", port: 9090, protocol: "TCP" }] },
};

const endpoints: Endpoints = {
  apiVersion: "v1",
  kind: "Endpoints",
  metadata: {
    name: "web",
    annotations: {
      [ENDPOINT_PORTS_ANNOTATION]: JSON.stringify({
        "10.244.2.2": { "8080/TCP": "127.0.0.2:40001", "9090/TCP": "127.0.0.2:40002" },
        "10.244.4.2": { "8080/TCP": "127.0.0.3:40003" },
        "10.244.4.3": { "8080/TCP": "127.0.0.3:40004" },
      }),
    },
  },
  subsets: [
    {
      addresses: [{ ip: "10.244.2.2" }, { ip: "10.244.4.2" }],
      notReadyAddresses: [{ ip: "10.244.4.3" }],
      ports: [{ name: "http", port: 8080, protocol: "TCP" }, { name: "metrics", port: 9090, protocol: "TCP" }],
    },
  ],
};

describe("parsePortPair", () => {
  const cases: [string, { local: number; remote: string } | RegExp][] = [
    ["8080:80", { local: 8080, remote: "80" }],
    ["80", { local: 80, remote: "80" }],
    [":80", { local: 0, remote: "80" }],
    ["8080:http", { local: 8080, remote: "http" }],
    ["a:b:c", /invalid port/],
    ["x:80", /invalid port/],
    ["8080:", /invalid port/],
    ["70000:80", /invalid port/],
    ["http", /invalid port/],
  ];
  for (const [spec, want] of cases) {
    it(spec, () => (want instanceof RegExp ? expect(() => parsePortPair(spec)).toThrow(want) : expect(parsePortPair(spec)).toEqual(want)));
  }
});

describe("a Service's backends", () => {
  it("finds the Service port by number or name, in kubectl's words when it is not there", () => {
    expect(servicePortFor(svc, "80").name).toBe("http");
    expect(servicePortFor(svc, "metrics").port).toBe(9090);
    expect(() => servicePortFor(svc, "81")).toThrow("Service web does not have a service port 81");
  });

  it("are the published addresses of the ready endpoints of that port", () => {
    expect(serviceBackends(endpoints, servicePortFor(svc, "80"))).toEqual(["127.0.0.2:40001", "127.0.0.3:40003"]);
    expect(serviceBackends(endpoints, servicePortFor(svc, "9090"))).toEqual(["127.0.0.2:40002"]);
    expect(serviceBackends(undefined, servicePortFor(svc, "80"))).toEqual([]);
  });
});

describe("podBackend", () => {
  const pod = (status: Record<string, unknown>): Pod => ({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "web-0" },
    spec: { containers: [{ name: "app", image: "img", ports: [{ name: "web", containerPort: 8080 }] }] },
    status: status as Pod["status"],
  });

  it("is where the pod's port is published", () => {
    const p = pod({ phase: "Running", hostIP: "127.0.0.2", hostPorts: [{ containerPort: 8080, protocol: "TCP", hostIP: "127.0.0.2", hostPort: 40001 }] });
    expect(podBackend(p, "8080")).toBe("127.0.0.2:40001");
    expect(podBackend(p, "web")).toBe("127.0.0.2:40001");
    expect(() => podBackend(p, "9090")).toThrow(/does not publish port 9090/);
  });

  it("refuses a pod not running", () => {
    expect(() => podBackend(pod({ phase: "Pending" }), "8080")).toThrow("unable to forward port because pod is not running. Current status=Pending");
  });
});
