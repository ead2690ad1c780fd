// Services in the control plane, in process: the API allocates addresses and node ports, the
// endpoints controller follows pods' readiness, the CLI shows and forwards. No agent: pods are
// written straight to the store with the status an agent would report (IP, Ready, hostPorts).
import { createServer, connect, type Server } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { pino } from "pino";
import * as grpc from "@grpc/grpc-js";
import { loadNodeProto, type RegisterResponse__Output } from "@skiff/proto";
import { ValidationError, type Endpoints, type Pod, type Service } from "@skiff/api";
import { SkiffClient } from "@skiff/client";
import { serve, type RunningServer } from "@skiff/server";
import { skiff } from "../packages/cli/src/test-cli.js";
import { tempDir } from "./support/skiff.js";
import { eventually } from "./support/cluster.js";

let server: RunningServer;
let client: SkiffClient;
let removeDir: () => Promise<void>;
const backends: Server[] = [];

beforeAll(async () => {
  const dir = await tempDir("services");
  removeDir = dir.remove;
  vi.stubEnv("SKIFF_CONFIG", join(dir.path, "no-config"));
  vi.stubEnv("SKIFF_SERVER", "");
  vi.stubEnv("SKIFF_INSECURE", "1");
  server = await serve({
    dataDir: join(dir.path, "data"),
    listen: "127.0.0.1:0",
    logger: pino({ level: "silent" }),
    // No agents: keep the node lifecycle loop from failing the pods we write.
    lifecycle: { heartbeatPeriodMs: 60_000, evictionTimeoutMs: 600_000 },
    insecure: true,
  });
  client = new SkiffClient({ server: server.address, insecure: true });
});
afterAll(async () => {
  client?.close();
  for (const b of backends) b.close();
  await server?.close();
  vi.unstubAllEnvs();
  await removeDir?.();
});

const at = (...args: string[]) => skiff(...args, "--server", server.address);

const service = (name: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: { name },
  spec: { selector: { app: name }, ports: [{ port: 80, targetPort: 8080 }], ...spec },
});
const spec = (o: unknown) => (o as Service).spec;

/** A TCP server standing in for a pod's published port: answers `<name>:<what it read>`. */
async function backend(name: string): Promise<number> {
  const s = createServer((sock) => sock.on("data", (d) => sock.end(`${name}:${d.toString()}`)));
  backends.push(s);
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", () => resolve()));
  return (s.address() as { port: number }).port;
}

/** A pod as an agent would leave it: bound, Running, with its IP and published port. */
async function writePod(name: string, app: string, o: { ip: string; ready: boolean; hostPort?: number; node?: string }): Promise<void> {
  const pod: Pod = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default", uid: `uid-${name}`, labels: { app }, creationTimestamp: new Date().toISOString() },
    spec: { nodeName: o.node ?? "n1", containers: [{ name: "app", image: "img", ports: [{ containerPort: 8080 }] }] },
    status: {
      phase: "Running",
      podIP: o.ip,
      hostIP: "127.0.0.1",
      conditions: [{ type: "Ready", status: o.ready ? "True" : "False" }],
      ...(o.hostPort ? { hostPorts: [{ containerPort: 8080, protocol: "TCP", hostIP: "127.0.0.1", hostPort: o.hostPort }] } : {}),
    } as Pod["status"],
  };
  const existing = await server.store.get({ kind: "Pod", namespace: "default", name });
  if (existing) await server.store.update({ ...pod, metadata: { ...pod.metadata, resourceVersion: undefined } });
  else await server.store.create(pod);
}

async function endpointsOf(name: string): Promise<Endpoints> {
  return client.endpoints.get(name);
}

const readyIPs = (e: Endpoints) => (e.subsets ?? []).flatMap((s) => (s.addresses ?? []).map((a) => a.ip));
const notReadyIPs = (e: Endpoints) => (e.subsets ?? []).flatMap((s) => (s.notReadyAddresses ?? []).map((a) => a.ip));

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", () => resolve()));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

function exchange(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, "127.0.0.1", () => sock.write(text));
    let got = "";
    sock.on("data", (d) => (got += d.toString()));
    sock.on("end", () => resolve(got));
    sock.on("error", reject);
  });
}

describe("Service allocation", () => {
  it("gives a clusterIP from 10.96.0.0/24 and a nodePort; headless gets none", async () => {
    const [web] = await client.apply([service("web", { type: "NodePort", ports: [{ port: 80, targetPort: 8080, nodePort: 30080 }] })]);
    expect(spec(web?.object)).toMatchObject({ clusterIP: "10.96.0.1", ports: [{ port: 80, nodePort: 30080 }] });
    const api = await client.create(service("api", { type: "NodePort" }));
    expect(spec(api)).toMatchObject({ clusterIP: "10.96.0.2", ports: [{ nodePort: 30000 }] });
    const db = await client.create(service("db", { clusterIP: "None" }));
    expect(spec(db).clusterIP).toBe("None");
  });

  it("refuses a nodePort another Service holds, in Kubernetes' words", async () => {
    const err = await client.apply([service("clash", { type: "NodePort", ports: [{ port: 80, nodePort: 30080 }] })]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as Error).message).toBe("spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated");
    const cli = await at("apply", "-f", await manifestFile("clash", 30080));
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain("spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated");
  });

  it("keeps clusterIP and nodePort when the manifest is applied again without them", async () => {
    const [again] = await client.apply([service("api", { type: "NodePort" })]);
    expect(again?.action).toBe("unchanged");
    expect(spec(again?.object)).toMatchObject({ clusterIP: "10.96.0.2", ports: [{ nodePort: 30000 }] });
    const [changed] = await client.apply([service("api", { type: "NodePort", ports: [{ port: 81, targetPort: 8080 }] })]);
    expect(changed?.action).toBe("configured");
    expect(spec(changed?.object).clusterIP).toBe("10.96.0.2");
  });

  it("refuses a changed clusterIP", async () => {
    const api = await client.services.get("api");
    const err = await client.update({ ...api, spec: { ...api.spec, clusterIP: "10.96.0.50" } }).catch((e: unknown) => e);
    expect((err as Error).message).toBe(`spec.clusterIP: Invalid value: "10.96.0.50": field is immutable`);
  });

  it("frees both when the Service is deleted", async () => {
    await client.apply([service("tmp", { type: "NodePort", ports: [{ port: 80, nodePort: 30500 }] })]);
    const ip = spec(await client.services.get("tmp")).clusterIP;
    await client.delete("Service", "tmp");
    const reused = await client.create(service("reuse", { type: "NodePort", clusterIP: ip, ports: [{ port: 80, nodePort: 30500 }] }));
    expect(spec(reused)).toMatchObject({ clusterIP: ip, ports: [{ nodePort: 30500 }] });
    await client.delete("Service", "reuse");
  });
});

async function manifestFile(name: string, nodePort: number): Promise<string> {
  const { writeFile } = await import("node:fs/promises");
  const dir = await tempDir("svc-manifest");
  const path = join(dir.path, "svc.json");
  await writeFile(path, JSON.stringify(service(name, { type: "NodePort", ports: [{ port: 80, nodePort }] })));
  return path;
}

describe("Endpoints", () => {
  let portA = 0;
  let portB = 0;

  beforeAll(async () => {
    portA = await backend("a");
    portB = await backend("b");
  });

  it("lists ready pods in addresses and the others in notReadyAddresses, with where they are published", async () => {
    await writePod("web-a", "web", { ip: "10.244.2.2", ready: true, hostPort: portA });
    await writePod("web-b", "web", { ip: "10.244.4.3", ready: false, hostPort: portB, node: "n2" });
    await writePod("other", "nope", { ip: "10.244.2.9", ready: true });
    const ep = await eventually(async () => {
      const e = await endpointsOf("web");
      expect([readyIPs(e), notReadyIPs(e)]).toEqual([["10.244.2.2"], ["10.244.4.3"]]);
      return e;
    });
    expect(ep.metadata.ownerReferences?.[0]).toMatchObject({ kind: "Service", name: "web", controller: true });
    expect(ep.subsets?.[0]?.ports).toEqual([{ port: 8080, protocol: "TCP" }]);
    expect(ep.subsets?.[0]?.addresses?.[0]).toEqual({ ip: "10.244.2.2", nodeName: "n1", targetRef: { kind: "Pod", name: "web-a", namespace: "default", uid: "uid-web-a" } });
    expect(JSON.parse(ep.metadata.annotations?.["skiff.dev/endpoint-ports"] ?? "")).toEqual({
      "10.244.2.2": { "8080/TCP": `127.0.0.1:${portA}` },
      "10.244.4.3": { "8080/TCP": `127.0.0.1:${portB}` },
    });
  });

  it("follows readiness", async () => {
    await writePod("web-b", "web", { ip: "10.244.4.3", ready: true, hostPort: portB, node: "n2" });
    await eventually(async () => expect(readyIPs(await endpointsOf("web"))).toEqual(["10.244.2.2", "10.244.4.3"]));
  });

  it("a deleted pod leaves; a finished one too", async () => {
    await writePod("web-c", "web", { ip: "10.244.2.5", ready: true });
    await eventually(async () => expect(readyIPs(await endpointsOf("web"))).toEqual(["10.244.2.2", "10.244.2.5", "10.244.4.3"]));
    const c = (await server.store.get({ kind: "Pod", namespace: "default", name: "web-c" })) as Pod;
    await server.store.update({ ...c, status: { ...c.status, phase: "Succeeded" } });
    await eventually(async () => expect(readyIPs(await endpointsOf("web"))).toEqual(["10.244.2.2", "10.244.4.3"]));
    await writePod("web-d", "web", { ip: "10.244.2.6", ready: true });
    await eventually(async () => expect(readyIPs(await endpointsOf("web"))).toContain("10.244.2.6"));
    await server.store.delete({ kind: "Pod", namespace: "default", name: "web-d" });
    await eventually(async () => expect(readyIPs(await endpointsOf("web"))).toEqual(["10.244.2.2", "10.244.4.3"]));
  });

  it("a Service with no pods has empty Endpoints; one without a selector has none made for it", async () => {
    await eventually(async () => expect((await endpointsOf("api")).subsets).toBeUndefined());
    const created = await client.create<Service>({ apiVersion: "v1", kind: "Service", metadata: { name: "external" }, spec: { ports: [{ port: 5432 }] } });
    // A later event on the same Service, one that does make Endpoints: a selector. One key is
    // never reconciled twice at once, so the first Endpoints written for it (the watch gives
    // them in order) comes after that change, and none before it.
    const ac = new AbortController();
    const signal = AbortSignal.any([ac.signal, AbortSignal.timeout(20_000)]);
    const first = (async () => {
      for await (const ev of client.watch("Endpoints", { resourceVersion: created.metadata.resourceVersion, signal })) {
        if (ev.object?.metadata.name === "external") return ev.object;
      }
      return undefined; // timed out
    })();
    try {
      await expect(endpointsOf("external")).rejects.toThrow(/not found/);
      const selected = await client.update<Service>({ ...created, spec: { ...created.spec, selector: { app: "external" } } });
      const endpoints = await first;
      expect(endpoints, "Endpoints once it has a selector").toBeDefined();
      expect(Number(endpoints?.metadata.resourceVersion)).toBeGreaterThan(Number(selected.metadata.resourceVersion));
    } finally {
      ac.abort();
    }
  });
});

describe("node registration", () => {
  it("gives each node an index and its pod subnet, kept when it registers again", async () => {
    const NodeService = loadNodeProto().skiff.v1.NodeService;
    const nodes = new NodeService(server.address, grpc.credentials.createInsecure());
    const register = (nodeName: string) =>
      new Promise<RegisterResponse__Output>((resolve, reject) =>
        nodes.register({ nodeName, capacity: { cpuMilli: "1000", memoryBytes: "1073741824", pods: 10 }, addresses: [{ type: "InternalIP", address: "127.0.0.1" }], agentEndpoint: "127.0.0.1:1" }, (err, res) => (err || !res ? reject(err) : resolve(res))),
      );
    try {
      const [a, b] = await Promise.all([register("node-a"), register("node-b")]);
      expect([a.nodeIndex, b.nodeIndex].sort()).toEqual([1, 2]);
      // Block i of the default --cluster-cidr 10.240.0.0/12, in /23s; and the Service range.
      expect(a.podCidr).toBe(`10.240.${2 * a.nodeIndex}.0/23`);
      expect(a.serviceCidr).toBe("10.96.0.0/24");
      const again = await register("node-a");
      expect([again.nodeIndex, again.podCidr]).toEqual([a.nodeIndex, a.podCidr]);
      const node = await client.nodes.get("node-a");
      expect(node.metadata.annotations?.["skiff.dev/node-index"]).toBe(String(a.nodeIndex));
      expect((node.spec as { podCIDR?: string }).podCIDR).toBe(a.podCidr);
      // A user's update of the Node (cordon) keeps the subset the server gave it.
      const cordon = await at("cordon", "node-a");
      expect(cordon.code).toBe(0);
      expect(((await client.nodes.get("node-a")).spec as { podCIDR?: string }).podCIDR).toBe(a.podCidr);
    } finally {
      nodes.close();
    }
  });
});

describe("skiff get / describe", () => {
  it("get svc", async () => {
    const r = await at("get", "svc");
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE$/);
    expect(lines.find((l) => l.startsWith("web "))).toMatch(/^web\s+NodePort\s+10\.96\.0\.1\s+<none>\s+80:30080\/TCP\s+\d+s$/);
    expect(lines.find((l) => l.startsWith("db "))).toMatch(/^db\s+ClusterIP\s+None\s+<none>\s+80\/TCP\s+/);
    const wide = await at("get", "svc", "web", "-o", "wide");
    expect(wide.stdout.split("\n")[0]).toMatch(/SELECTOR$/);
    expect(wide.stdout.split("\n")[1]).toMatch(/app=web$/);
  });

  it("get endpoints", async () => {
    const r = await at("get", "endpoints", "web");
    expect(r.stdout).toMatch(/^NAME\s+ENDPOINTS\s+AGE\nweb\s+10\.244\.2\.2:8080,10\.244\.4\.3:8080\s+\d+s\n$/);
  });

  it("describe svc", async () => {
    const r = await at("describe", "svc", "web");
    expect(r.code).toBe(0);
    const field = (label: string) => r.stdout.split("\n").find((l) => l.startsWith(`${label}:`))?.slice(label.length + 1).trim();
    expect(field("Name")).toBe("web");
    expect(field("Namespace")).toBe("default");
    expect(field("Selector")).toBe("app=web");
    expect(field("Type")).toBe("NodePort");
    expect(field("IP")).toBe("10.96.0.1");
    expect(field("Port")).toBe("<unset>  80/TCP");
    expect(field("TargetPort")).toBe("8080/TCP");
    expect(field("NodePort")).toBe("<unset>  30080/TCP");
    expect(field("Endpoints")).toBe("10.244.2.2:8080,10.244.4.3:8080");
    expect(r.stdout).toMatch(/Events:\s+<none>/);
  });
});

describe("skiff port-forward", () => {
  /** Start `skiff port-forward ...`, return its result promise and a Ctrl-C. */
  async function startForward(...args: string[]) {
    const before = new Set(process.listeners("SIGINT"));
    const result = at("port-forward", ...args);
    const ctrlC = () => {
      for (const l of process.listeners("SIGINT")) if (!before.has(l)) (l as () => void)();
    };
    return { result, ctrlC };
  }

  it("forwards each connection to the next ready endpoint of the Service, until Ctrl-C", async () => {
    const local = await freePort();
    const { result, ctrlC } = await startForward("svc/web", `${local}:80`);
    const answers = await eventually(async () => [await exchange(local, "x"), await exchange(local, "y")], 5_000);
    expect(answers.map((a) => a[0]).sort()).toEqual(["a", "b"]);
    expect(answers.map((a) => a.slice(2))).toEqual(["x", "y"]);
    ctrlC();
    const r = await result;
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Forwarding from 127.0.0.1:${local} -> 80\n`);
  });

  it("forwards to a pod's published port", async () => {
    const local = await freePort();
    const { result, ctrlC } = await startForward("pod/web-a", `${local}:8080`);
    expect(await eventually(() => exchange(local, "hi"), 5_000)).toBe("a:hi");
    ctrlC();
    expect((await result).code).toBe(0);
  });

  it("says which port the Service lacks, and when it has no ready endpoint", async () => {
    expect(await at("port-forward", "svc/web", "9999:81")).toMatchObject({ code: 1, stderr: "error: Service web does not have a service port 81\n" });
    expect(await at("port-forward", "svc/api", "9999:81")).toMatchObject({ code: 1, stderr: "error: service api has no ready endpoints for port 81\n" });
    expect((await at("port-forward", "svc/nope", "9999:80")).stderr).toBe(`Error from server (NotFound): services "nope" not found\n`);
  });
});
