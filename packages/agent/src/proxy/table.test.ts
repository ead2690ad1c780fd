import type { Endpoints, Service, ServicePort } from "@skiff/api";
import { describe, expect, it } from "vitest";
import { ENDPOINT_PORTS_ANNOTATION } from "./endpoint-ports.js";
import { proxyTable } from "./table.js";

const node = { index: 3, address: "127.0.0.4" };

function svc(name: string, clusterIP: string, ports: ServicePort[], type?: "NodePort"): Service {
  return { apiVersion: "v1", kind: "Service", metadata: { name, namespace: "default" }, spec: { clusterIP, ports, ...(type ? { type } : {}) } };
}

function eps(name: string, subsets: Endpoints["subsets"], published: Record<string, Record<string, string>>): Endpoints {
  return {
    apiVersion: "v1",
    kind: "Endpoints",
    metadata: { name, namespace: "default", annotations: { [ENDPOINT_PORTS_ANNOTATION]: JSON.stringify(published) } },
    subsets,
  };
}

const webEps = eps(
  "web",
  [
    {
      addresses: [{ ip: "10.244.6.5" }, { ip: "10.244.8.7" }, { ip: "10.244.6.9" }],
      notReadyAddresses: [{ ip: "10.244.6.6" }],
      ports: [{ port: 8080, protocol: "TCP" }],
    },
  ],
  {
    "10.244.6.5": { "8080/TCP": "127.0.0.4:40001" },
    "10.244.8.7": { "8080/TCP": "127.0.0.5:40002" },
    "10.244.6.6": { "8080/TCP": "127.0.0.4:40003" },
    // 10.244.6.9 not published yet
  },
);

describe("proxyTable", () => {
  it("listens on the Service's node-local address with the ready, published endpoints", () => {
    expect(proxyTable([svc("web", "10.96.0.10", [{ port: 80, targetPort: 8080 }])], [webEps], node)).toEqual([
      { address: "10.244.7.10", port: 80, protocol: "TCP", backends: ["127.0.0.4:40001", "127.0.0.5:40002"], service: "default/web:80" },
    ]);
  });

  it("adds the node address for a NodePort", () => {
    const table = proxyTable([svc("web", "10.96.0.10", [{ port: 80, nodePort: 31080 }], "NodePort")], [webEps], node);
    expect(table.map((r) => `${r.address}:${r.port}`)).toEqual(["10.244.7.10:80", "127.0.0.4:31080"]);
    expect(table[1]?.backends).toEqual(table[0]?.backends);
  });

  it("matches Endpoints ports by name on multi-port Services", () => {
    const e = eps(
      "multi",
      [{ addresses: [{ ip: "10.244.6.5" }], ports: [{ name: "metrics", port: 9090 }, { name: "http", port: 8080 }] }],
      { "10.244.6.5": { "8080/TCP": "127.0.0.4:1", "9090/TCP": "127.0.0.4:2" } },
    );
    const s = svc("multi", "10.96.0.11", [{ name: "http", port: 80 }, { name: "metrics", port: 9000 }]);
    expect(proxyTable([s], [e], node).map((r) => [r.service, r.backends])).toEqual([
      ["default/multi:http", ["127.0.0.4:1"]],
      ["default/multi:metrics", ["127.0.0.4:2"]],
    ]);
  });

  it("still listens with no endpoints (connections are closed), and skips headless, unallocated and UDP", () => {
    const table = proxyTable(
      [
        svc("lonely", "10.96.0.12", [{ port: 80 }]),
        svc("headless", "None", [{ port: 80 }]),
        svc("new", "", [{ port: 80 }]),
        svc("dns", "10.96.0.13", [{ port: 53, protocol: "UDP" }]),
      ],
      [],
      node,
    );
    expect(table).toEqual([{ address: "10.244.7.12", port: 80, protocol: "TCP", backends: [], service: "default/lonely:80" }]);
  });

  it("gives no backends when the annotation is missing or malformed", () => {
    const broken = { ...webEps, metadata: { ...webEps.metadata, annotations: { [ENDPOINT_PORTS_ANNOTATION]: "{nope" } } };
    expect(proxyTable([svc("web", "10.96.0.10", [{ port: 80 }])], [broken], node)[0]?.backends).toEqual([]);
  });

  it("keeps the first of two Services claiming one NodePort", () => {
    const a = svc("a", "10.96.0.20", [{ port: 80, nodePort: 30001 }], "NodePort");
    const b = svc("b", "10.96.0.21", [{ port: 80, nodePort: 30001 }], "NodePort");
    expect(proxyTable([a, b], [], node).map((r) => r.service + "@" + r.address)).toEqual([
      "default/a:80@10.244.7.20",
      "default/a:80@127.0.0.4",
      "default/b:80@10.244.7.21",
    ]);
  });

  it("gives each ready pod of a headless Service a listener per Service port on its per-pod address, to that one pod", () => {
    const ref = (name: string) => ({ kind: "Pod", name, namespace: "default", uid: `uid-${name}` });
    const headlessEps = eps(
      "db",
      [
        {
          addresses: [
            { ip: "10.244.6.5", hostname: "db-0", targetRef: ref("db-0") },
            { ip: "10.244.8.7", hostname: "db-1", targetRef: ref("db-1") },
            { ip: "10.244.6.9", hostname: "db-2", targetRef: ref("db-2") },
            { ip: "10.244.6.10", hostname: "db-3", targetRef: ref("db-3") },
          ],
          notReadyAddresses: [{ ip: "10.244.6.6", hostname: "db-4", targetRef: ref("db-4") }],
          ports: [{ name: "sql", port: 5432, protocol: "TCP" }, { name: "metrics", port: 9187, protocol: "TCP" }],
        },
      ],
      {
        "10.244.6.5": { "5432/TCP": "127.0.0.4:40001", "9187/TCP": "127.0.0.4:40002" },
        "10.244.8.7": { "5432/TCP": "127.0.0.5:40003", "9187/TCP": "127.0.0.5:40004" },
        "10.244.6.6": { "5432/TCP": "127.0.0.4:40005" },
        "10.244.6.10": { "5432/TCP": "127.0.0.4:40006" },
        // 10.244.6.9 not published yet
      },
    );
    const db = svc("db", "None", [{ name: "sql", port: 5433, targetPort: 5432 }, { name: "metrics", port: 9187 }]);
    const podAddresses = new Map([
      ["default/db/uid-db-0", "10.244.6.200"],
      ["default/db/uid-db-1", "10.244.6.131"],
      ["default/db/uid-db-2", "10.244.6.140"],
      ["default/db/uid-db-4", "10.244.6.150"], // not ready: no listener even with an address
      // db-3 has none (range full): no listener
    ]);
    expect(proxyTable([db], [headlessEps], node, podAddresses)).toEqual([
      { address: "10.244.6.200", port: 5433, protocol: "TCP", backends: ["127.0.0.4:40001"], service: "default/db:sql", pod: "default/db-0" },
      { address: "10.244.6.200", port: 9187, protocol: "TCP", backends: ["127.0.0.4:40002"], service: "default/db:metrics", pod: "default/db-0" },
      { address: "10.244.6.131", port: 5433, protocol: "TCP", backends: ["127.0.0.5:40003"], service: "default/db:sql", pod: "default/db-1" },
      { address: "10.244.6.131", port: 9187, protocol: "TCP", backends: ["127.0.0.5:40004"], service: "default/db:metrics", pod: "default/db-1" },
      { address: "10.244.6.140", port: 5433, protocol: "TCP", backends: [], service: "default/db:sql", pod: "default/db-2" },
      { address: "10.244.6.140", port: 9187, protocol: "TCP", backends: [], service: "default/db:metrics", pod: "default/db-2" },
    ]);
    // Without per-pod addresses, or without Endpoints, a headless Service has no listener at all.
    expect(proxyTable([db], [headlessEps], node)).toEqual([]);
    expect(proxyTable([db], [], node, podAddresses)).toEqual([]);
  });
});
