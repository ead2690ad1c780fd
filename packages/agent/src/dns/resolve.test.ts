import type { Endpoints, Service } from "@skiff/api";
import { describe, expect, it } from "vitest";
import { resolve, type DnsView } from "./resolve.js";
import { TYPE } from "./wire.js";

function svc(name: string, clusterIP: string, namespace = "default"): Service {
  return { apiVersion: "v1", kind: "Service", metadata: { name, namespace }, spec: { clusterIP, ports: [{ port: 80 }] } };
}

const dbEndpoints: Endpoints = {
  apiVersion: "v1",
  kind: "Endpoints",
  metadata: { name: "db", namespace: "data" },
  subsets: [
    {
      addresses: [
        { ip: "10.244.6.5", hostname: "db-0" },
        { ip: "10.244.8.7", hostname: "db-1" },
      ],
      notReadyAddresses: [{ ip: "10.244.6.9", hostname: "db-2" }],
      ports: [{ port: 5432 }],
    },
  ],
};

const view: DnsView = {
  services: [svc("web", "10.96.0.10"), svc("db", "None", "data"), svc("pending", "")],
  endpoints: [dbEndpoints],
  nodeIndex: 3,
};
const a = (name: string) => resolve(name, TYPE.A, view);

describe("resolve", () => {
  it("answers a Service's FQDN with its node-local address, whatever the case or trailing dot", () => {
    expect(a("web.default.svc.cluster.local")).toEqual({ kind: "answer", rcode: "NOERROR", addresses: ["10.244.7.10"] });
    expect(a("WEB.Default.svc.cluster.local.")).toEqual({ kind: "answer", rcode: "NOERROR", addresses: ["10.244.7.10"] });
  });

  it("answers hand-written Endpoints of a headless Service (no pod behind) with their IPs, and each by hostname", () => {
    expect(a("db.data.svc.cluster.local")).toMatchObject({ rcode: "NOERROR", addresses: ["10.244.6.5", "10.244.8.7"] });
    expect(a("db-1.db.data.svc.cluster.local")).toMatchObject({ rcode: "NOERROR", addresses: ["10.244.8.7"] });
    expect(a("db-2.db.data.svc.cluster.local")).toMatchObject({ rcode: "NXDOMAIN" }); // not ready
  });

  it("answers a headless Service's pods with their per-pod addresses, never their pod IPs", () => {
    const ref = (name: string) => ({ kind: "Pod", name, namespace: "default", uid: `uid-${name}` });
    const webEps: Endpoints = {
      apiVersion: "v1",
      kind: "Endpoints",
      metadata: { name: "web", namespace: "default" },
      subsets: [
        {
          addresses: [
            { ip: "10.244.6.5", hostname: "web-0", targetRef: ref("web-0") },
            { ip: "10.244.8.7", hostname: "web-1", targetRef: ref("web-1") },
            { ip: "10.244.6.9", hostname: "web-2", targetRef: ref("web-2") },
          ],
          notReadyAddresses: [{ ip: "10.244.6.6", hostname: "web-3", targetRef: ref("web-3") }],
          ports: [{ port: 8080 }],
        },
      ],
    };
    const podAddresses = new Map([
      ["default/web/uid-web-0", "10.244.6.200"],
      ["default/web/uid-web-1", "10.244.6.131"],
      ["default/web/uid-web-3", "10.244.6.150"],
      // web-2: the range was full
    ]);
    const v: DnsView = { services: [svc("web", "None")], endpoints: [webEps], nodeIndex: 3, podAddresses };
    const ask = (name: string) => resolve(name, TYPE.A, v);
    expect(ask("web.default.svc.cluster.local")).toEqual({ kind: "answer", rcode: "NOERROR", addresses: ["10.244.6.200", "10.244.6.131"] });
    expect(ask("web-0.web.default.svc.cluster.local")).toEqual({ kind: "answer", rcode: "NOERROR", addresses: ["10.244.6.200"] });
    expect(ask("WEB-1.web.default.svc.cluster.local.")).toEqual({ kind: "answer", rcode: "NOERROR", addresses: ["10.244.6.131"] });
    expect(ask("web-2.web.default.svc.cluster.local")).toEqual({ kind: "answer", rcode: "NOERROR", addresses: [] }); // exists, no address
    expect(ask("web-3.web.default.svc.cluster.local")).toMatchObject({ rcode: "NXDOMAIN" }); // not ready
    expect(ask("web-9.web.default.svc.cluster.local")).toMatchObject({ rcode: "NXDOMAIN" });
    // No assignment yet: the pods exist but have no address here.
    expect(resolve("web.default.svc.cluster.local", TYPE.A, { ...v, podAddresses: undefined })).toEqual({ kind: "answer", rcode: "NOERROR", addresses: [] });
  });

  it("says NXDOMAIN for unknown cluster names", () => {
    for (const name of ["nope.default.svc.cluster.local", "web.other.svc.cluster.local", "x.web.default.svc.cluster.local", "cluster.local", "a.b.c.d.e.svc.cluster.local", "web.default.pod.cluster.local"]) {
      expect(a(name)).toMatchObject({ rcode: "NXDOMAIN" });
    }
  });

  it("leaves short names to the search domains, and forwards everything else", () => {
    expect(a("web")).toEqual({ kind: "forward" });
    expect(a("web.default")).toEqual({ kind: "forward" });
    expect(a("example.org")).toEqual({ kind: "forward" });
    expect(a("notcluster.local")).toEqual({ kind: "forward" });
  });

  it("gives AAAA and other types of a known name an empty NOERROR", () => {
    expect(resolve("web.default.svc.cluster.local", TYPE.AAAA, view)).toEqual({ kind: "answer", rcode: "NOERROR", addresses: [] });
    expect(resolve("db.data.svc.cluster.local", TYPE.TXT, view)).toMatchObject({ rcode: "NOERROR", addresses: [] });
    expect(resolve("nope.default.svc.cluster.local", TYPE.AAAA, view)).toMatchObject({ rcode: "NXDOMAIN" });
  });

  it("knows a Service without a clusterIP yet, with no address", () => {
    expect(a("pending.default.svc.cluster.local")).toEqual({ kind: "answer", rcode: "NOERROR", addresses: [] });
  });
});
