// The node's DNS on a real node network: the DnsServer on the bridge gateway, port 53, asked by
// containers the way pods are set up (gateway as DNS server, Kubernetes' search domains). Node
// index 121 keeps the subnet (10.244.242.0/23) clear of real nodes'. The server has no upstream
// resolvers, so no question can leave the machine; names outside the cluster get SERVFAIL.
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { Endpoints, Service } from "@skiff/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestNetwork } from "./support/network.js";
import { DnsServer } from "../packages/agent/src/dns/index.js";
import { AddressManager, nodeNetwork, serviceAddress } from "../packages/agent/src/network/index.js";
import { Proxy, proxyTable, ENDPOINT_PORTS_ANNOTATION } from "../packages/agent/src/proxy/index.js";

const T = new TestNetwork("dns", `skiff-test-dns-${randomBytes(4).toString("hex")}`);
const RUN = T.run;
const LABELS = T.labels;
const INDEX = 121;
const NET = nodeNetwork(INDEX);
const NAME = T.name;
const WEB = serviceAddress(INDEX, "10.96.0.10")!;
const rt = T.rt;
const proxy = new Proxy({ retryMs: 50 });
const POD_DNS = { dns: [NET.gateway], dnsSearch: ["default.svc.cluster.local", "svc.cluster.local", "cluster.local"] };
let dns: DnsServer | undefined;
let addresses: AddressManager | undefined;
let backend: Server | undefined;

const web: Service = { apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: "default" }, spec: { clusterIP: "10.96.0.10", ports: [{ port: 80, targetPort: 8080 }] } };
const db: Service = { apiVersion: "v1", kind: "Service", metadata: { name: "db", namespace: "data" }, spec: { clusterIP: "None", ports: [{ port: 5432 }] } };
const dbEndpoints: Endpoints = {
  apiVersion: "v1",
  kind: "Endpoints",
  metadata: { name: "db", namespace: "data" },
  subsets: [{ addresses: [{ ip: "10.244.242.5", hostname: "db-0" }, { ip: "10.244.242.6", hostname: "db-1" }], ports: [{ port: 5432 }] }],
};



const inContainer = (script: string) => T.inContainer(script, POD_DNS);

beforeAll(async () => {
  T.prepare();
  const network = await rt.ensureNetwork(NAME, { subnet: NET.subnet, ipRange: NET.ipRange, gateway: NET.gateway, labels: LABELS });
  addresses = new AddressManager({ device: network.bridgeInterface, serviceRange: NET.serviceRange });
  backend = createServer((req, res) => res.end(`web says hi to ${req.headers.host}\n`));
  await new Promise<void>((r) => backend!.listen(0, "127.0.0.1", r));
  const port = (backend.address() as { port: number }).port;
  // As the control plane would publish it: the pod's 8080 is reachable at the backend's address.
  const webEndpoints: Endpoints = {
    apiVersion: "v1",
    kind: "Endpoints",
    metadata: { name: "web", namespace: "default", annotations: { [ENDPOINT_PORTS_ANNOTATION]: JSON.stringify({ "10.244.242.9": { "8080/TCP": `127.0.0.1:${port}` } }) } },
    subsets: [{ addresses: [{ ip: "10.244.242.9" }], ports: [{ port: 8080, protocol: "TCP" }] }],
  };
  const services = [web, db];
  const endpoints = [webEndpoints, dbEndpoints];
  dns = new DnsServer({ address: NET.gateway, upstreams: [] });
  dns.update({ services, endpoints, nodeIndex: INDEX });
  await dns.listen();
  await addresses.sync([WEB]);
  await proxy.update(proxyTable(services, endpoints, { index: INDEX, address: "127.0.0.1" }));
});

afterAll(async () => {
  await dns?.stop();
  await proxy.stop();
  for (const c of await rt.listContainers({ "skiff.test.run": RUN })) await rt.removeContainer(c.id);
  await addresses?.clear().catch(() => undefined);
  await rt.removeNetwork(NAME);
  await new Promise((r) => (backend ? backend.close(r) : r(undefined)));
});

describe("node DNS", () => {
  it("answers a Service's short name through the search domains", async () => {
    // busybox nslookup asks every search domain at once and exits 1 if any failed: judge the answer.
    const { out } = await inContainer("nslookup web");
    expect(out).toMatch(/Name:\s+web\.default\.svc\.cluster\.local\s+Address:\s+10\.244\.243\.10/);
  });

  it("answers the fully qualified name and a headless Service's pods", async () => {
    const { out } = await inContainer("nslookup web.default.svc.cluster.local; nslookup db.data.svc.cluster.local; nslookup db-1.db.data.svc.cluster.local");
    expect(out).toContain(WEB);
    expect(out).toContain("10.244.242.5");
    expect(out).toMatch(/db-1\.db\.data\.svc\.cluster\.local[\s\S]*10\.244\.242\.6/);
  });

  it("says the name does not exist for an unknown Service", async () => {
    const { out } = await inContainer("nslookup nope.default.svc.cluster.local; echo exit=$?");
    expect(out).toMatch(/NXDOMAIN|can't find/);
    expect(out).not.toContain("exit=0");
  });

  it("lets a pod reach a Service by name, through the proxy", async () => {
    const { code, out } = await inContainer("timeout 5 wget -qO- http://web/");
    expect(out).toContain("web says hi to web");
    expect(code).toBe(0);
  });
});
