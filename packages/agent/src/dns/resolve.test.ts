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

  it("answers a headless Service with its ready pods, and each pod by hostname", () => {
    expect(a("db.data.svc.cluster.local")).toMatchObject({ rcode: "NOERROR", addresses: ["10.244.6.5", "10.244.8.7"] });
    expect(a("db-1.db.data.svc.cluster.local")).toMatchObject({ rcode: "NOERROR", addresses: ["10.244.8.7"] });
    expect(a("db-2.db.data.svc.cluster.local")).toMatchObject({ rcode: "NXDOMAIN" }); // not ready
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
