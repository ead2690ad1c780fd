// The Service proxy on a real node network: a Docker bridge on a node subnet, a Service address on
// the bridge, the Proxy listening there, and a container fetching through it. Node index 120
// keeps the subnet (10.244.240.0/23) clear of any real node's; everything made here carries
// `skiff.test.run=<this run>` and is removed afterwards, even when a test fails.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestNetwork } from "./support/network.js";
import { AddressManager, nodeNetwork, serviceAddress } from "../packages/agent/src/network/index.js";
import { Proxy } from "../packages/agent/src/proxy/index.js";
import { NetworkConflictError, type NetworkInfo } from "../packages/agent/src/runtime/index.js";

const T = new TestNetwork("proxy", `skiff-test-proxy-${randomBytes(4).toString("hex")}`);
const RUN = T.run;
const LABELS = T.labels;
const INDEX = 120;
const NET = nodeNetwork(INDEX);
const NAME = T.name;
const SERVICE = serviceAddress(INDEX, "10.96.0.10")!;
const rt = T.rt;
const proxy = new Proxy({ retryMs: 50 });
let network: NetworkInfo;
let addresses: AddressManager | undefined;
let backend: Server | undefined;



beforeAll(async () => {
  T.prepare();
  network = await rt.ensureNetwork(NAME, { subnet: NET.subnet, ipRange: NET.ipRange, gateway: NET.gateway, labels: LABELS });
  addresses = new AddressManager({ device: network.bridgeInterface, serviceRange: NET.serviceRange });
  backend = createServer((req, res) => res.end(`hello from the backend, path ${req.url}\n`));
  await new Promise<void>((r) => backend!.listen(0, "127.0.0.1", r));
});

afterAll(async () => {
  await proxy.stop();
  for (const c of await rt.listContainers({ "skiff.test.run": RUN })) await rt.removeContainer(c.id);
  await addresses?.clear().catch(() => undefined);
  await rt.removeNetwork(NAME);
  await new Promise((r) => (backend ? backend.close(r) : r(undefined)));
});

describe("node network", () => {
  it("makes the bridge network once, with a readable bridge, and refuses another subnet", async () => {
    expect(network).toMatchObject({ name: NAME, subnet: "10.244.240.0/23", gateway: "10.244.240.1" });
    expect(network.bridgeInterface).toMatch(/^skb-[0-9a-f]{11}$/);
    expect((await rt.ensureNetwork(NAME, { subnet: NET.subnet, ipRange: NET.ipRange, gateway: NET.gateway, labels: LABELS })).id).toBe(network.id);
    expect(await rt.networkInfo(NAME)).toEqual(network);
    const other = nodeNetwork(121);
    await expect(rt.ensureNetwork(NAME, { subnet: other.subnet, gateway: other.gateway, labels: LABELS })).rejects.toThrow(NetworkConflictError);
    expect(execFileSync("ip", ["-br", "addr", "show", "dev", network.bridgeInterface], { encoding: "utf8" })).toContain("10.244.240.1/23");
  });

  it("puts Service addresses on the bridge and takes stale ones off", async () => {
    expect(await addresses!.sync([SERVICE, "10.244.241.99"])).toEqual({ add: [SERVICE, "10.244.241.99"], remove: [] });
    expect(await addresses!.sync([SERVICE])).toEqual({ add: [], remove: ["10.244.241.99"] });
    const on = (await addresses!.list()).map((a) => `${a.local}/${a.prefixlen}`);
    expect(on).toEqual(expect.arrayContaining(["10.244.240.1/23", `${SERVICE}/32`]));
    expect(on).not.toContain("10.244.241.99/32");
  });
});

describe("proxy", () => {
  it("carries a container's request through the Service address to a backend on the host", async () => {
    const port = (backend!.address() as { port: number }).port;
    await addresses!.sync([SERVICE]);
    await proxy.update([{ address: SERVICE, port: 80, protocol: "TCP", backends: [`127.0.0.1:${port}`], service: "default/web:80" }]);
    expect(proxy.listening()).toEqual([`${SERVICE}:80/TCP`]);
    const { code, out } = await T.inContainer(`timeout 5 wget -qO- http://${SERVICE}/hi`);
    expect(out).toContain("hello from the backend, path /hi");
    expect(code).toBe(0);
  });

  it("listens once the address appears, when the proxy was told first", async () => {
    const late = serviceAddress(INDEX, "10.96.0.11")!;
    const port = (backend!.address() as { port: number }).port;
    await proxy.update([{ address: late, port: 8080, protocol: "TCP", backends: [`127.0.0.1:${port}`], service: "default/late:8080" }]);
    expect(proxy.listening()).toEqual([]); // EADDRNOTAVAIL: retried
    await addresses!.sync([late]);
    for (let i = 0; i < 100 && proxy.listening().length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(proxy.listening()).toEqual([`${late}:8080/TCP`]);
    const { out } = await T.inContainer(`timeout 5 wget -qO- http://${late}:8080/late`);
    expect(out).toContain("path /late");
  });
});
