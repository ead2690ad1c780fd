// The Service proxy on a real node network: a Docker bridge on a node subnet, a Service address on
// the bridge, the Proxy listening there, and a container fetching through it. Node index 120
// keeps the subnet (10.244.240.0/23) clear of any real node's; everything made here carries
// `skiff.test.run=<this run>` and is removed afterwards, even when a test fails.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AddressManager, nodeNetwork, serviceAddress } from "../packages/agent/src/network/index.js";
import { Proxy } from "../packages/agent/src/proxy/index.js";
import { DockerRuntime, NetworkConflictError, type NetworkInfo } from "../packages/agent/src/runtime/index.js";

const IMAGE = "skiff-test/busybox:1";
const RUN = randomBytes(4).toString("hex");
const LABELS = { "skiff.test.run": RUN, "skiff.test.networking": "proxy" };
const INDEX = 120;
const NET = nodeNetwork(INDEX);
const NAME = `skiff-test-proxy-${RUN}`;
const SERVICE = serviceAddress(INDEX, "10.96.0.10")!;
const rt = new DockerRuntime();
const proxy = new Proxy({ retryMs: 50 });
let network: NetworkInfo;
let addresses: AddressManager | undefined;
let backend: Server | undefined;

/** Runs a command in a container on the test network; its exit code and output. */
async function inContainer(script: string, extra: { dns?: string[]; dnsSearch?: string[] } = {}): Promise<{ code: number | undefined; out: string }> {
  const id = await rt.createContainer({ name: `skiff-test-${RUN}-${randomBytes(3).toString("hex")}`, image: IMAGE, labels: LABELS, networkMode: NAME, command: ["sh", "-c", script], ...extra });
  await rt.startContainer(id);
  const deadline = Date.now() + 20_000;
  let info = await rt.inspectContainer(id);
  while (info?.state === "running" || info?.state === "created") {
    if (Date.now() > deadline) throw new Error(`container did not finish: ${script}`);
    await new Promise((r) => setTimeout(r, 100));
    info = await rt.inspectContainer(id);
  }
  let out = "";
  for await (const chunk of rt.logs(id)) out += chunk.toString();
  return { code: info?.exitCode, out };
}

/** Leftovers of an earlier, interrupted run of this file: its containers first, then its networks. */
function removeLeftovers(): void {
  const docker = (...args: string[]) => execFileSync("docker", args, { encoding: "utf8" }).split("\n").filter(Boolean);
  const containers = docker("ps", "-aq", "--filter", "label=skiff.test.networking=proxy");
  if (containers.length) docker("rm", "-f", ...containers);
  const networks = docker("network", "ls", "-q", "--filter", "label=skiff.test.networking=proxy");
  if (networks.length) docker("network", "rm", ...networks);
}

beforeAll(async () => {
  const root = fileURLToPath(new URL("..", import.meta.url));
  execFileSync("bash", ["scripts/test-image.sh"], { cwd: root, stdio: "inherit" });
  removeLeftovers();
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
    const { code, out } = await inContainer(`timeout 5 wget -qO- http://${SERVICE}/hi`);
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
    const { out } = await inContainer(`timeout 5 wget -qO- http://${late}:8080/late`);
    expect(out).toContain("path /late");
  });
});
