// The server -> agent channel for logs and exec is mutual TLS (docs/security.md): a real secure
// server and real agents (FakeRuntime) in this process. The server gets through; a plaintext
// client, a client of another CA and a node's certificate are refused by the agent; and the
// server refuses an agent whose certificate names another node than the one it meant to reach.
import * as grpc from "@grpc/grpc-js";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { pino } from "pino";
import { AGENT_ENDPOINT_ANNOTATION, type Node, type Pod } from "@skiff/api";
import { FakeRuntime, startAgent } from "@skiff/agent";
import { SkiffClient } from "@skiff/client";
import { loadNodeProto, type NodeAgentClient } from "@skiff/proto";
import { serve } from "@skiff/server";

type Running = Awaited<ReturnType<typeof serve>>;
type Agent = Awaited<ReturnType<typeof startAgent>>;
const silent = pino({ level: "silent" });
const dir = mkdtempSync(join(tmpdir(), "skiff-agent-tls-"));
const servers: Running[] = [];
const agents: Agent[] = [];
let client: SkiffClient;
let n1: Agent;

async function cluster(name: string): Promise<{ server: Running; caPem: string; join(node: string): Promise<Agent> }> {
  const dataDir = join(dir, name);
  const server = await serve({ dataDir, listen: "127.0.0.1:0", logLevel: "silent", controllers: [], lifecycle: { heartbeatPeriodMs: 60_000, evictionTimeoutMs: 600_000 } });
  servers.push(server);
  const joinToken = await server.createToken!("join");
  return {
    server,
    caPem: readFileSync(join(dataDir, "pki", "ca.crt"), "utf8"),
    join: async (node) => {
      const agent = await startAgent({ server: server.address, name: node, runtime: new FakeRuntime(), stateDir: join(dir, name, "agents", node), joinToken, log: silent, usagePeriodMs: 0 });
      agents.push(agent);
      return agent;
    },
  };
}

const stateOf = (clusterName: string, node: string) => {
  const read = (f: string) => readFileSync(join(dir, clusterName, "agents", node, f));
  return { key: read("node.key"), cert: read("node.crt"), ca: read("ca.crt") };
};

let a: Awaited<ReturnType<typeof cluster>>;
beforeAll(async () => {
  vi.stubEnv("SKIFF_CONFIG", join(dir, "no-config"));
  a = await cluster("a");
  client = new SkiffClient({ server: a.server.address, ca: a.caPem, token: await a.server.createToken!("api") });
  n1 = await a.join("n1");
  await a.join("n2");
  // An agent of another cluster: a certificate of another CA.
  await (await cluster("b")).join("stranger");
  await client.pods.create({ metadata: { name: "web", namespace: "default" }, spec: { nodeName: "n1", containers: [{ name: "app", image: "nginx" }] } } as Pod);
  await client.pods.create({ metadata: { name: "elsewhere", namespace: "default" }, spec: { nodeName: "n2", containers: [{ name: "app", image: "nginx" }] } } as Pod);
});

afterAll(async () => {
  client?.close();
  await Promise.all(agents.map((x) => x.stop()));
  await Promise.all(servers.map((s) => s.close()));
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

/** An Exec straight to n1's agent, with these credentials, carrying a secret (a wrong one: it must not get that far). */
function execAt(credentials: grpc.ChannelCredentials, options: grpc.ChannelOptions = {}): Promise<grpc.ServiceError | null> {
  const agent = new (loadNodeProto().skiff.v1.NodeAgent)(n1.endpoint, credentials, options) as NodeAgentClient;
  const md = new grpc.Metadata();
  md.set("authorization", "Bearer guess");
  return new Promise((resolve) =>
    agent.exec({ namespace: "default", pod: "web", container: "app", command: ["true"] }, md, { deadline: Date.now() + 5_000 }, (err) => {
      agent.close();
      resolve(err);
    }),
  );
}
// The agent's certificate names no address: accept it whatever name it has, so what is tested is the agent's own check of the client.
const anyName = { checkServerIdentity: () => undefined };

describe("the agent's logs/exec service over mutual TLS", () => {
  it("the server gets through, with its client certificate and the agent's secret (the agent then looks for the container)", async () => {
    // A pod bound by hand, that the fake runtime has not started: the answer can only come from n1's agent.
    await expect(client.exec({ pod: "web", command: ["true"] })).rejects.toThrow('a container "app" of pod "web" was not found on node n1');
  });

  it("refuses a plaintext client", async () => {
    const err = await execAt(grpc.credentials.createInsecure());
    expect(err?.code).toBe(grpc.status.UNAVAILABLE);
  });

  it("refuses a client certificate of another CA", async () => {
    const stranger = stateOf("b", "stranger");
    const err = await execAt(grpc.credentials.createSsl(stateOf("a", "n1").ca, stranger.key, stranger.cert, anyName), { "grpc.ssl_target_name_override": "skiff-node" });
    expect(err?.code).toBe(grpc.status.UNAVAILABLE);
  });

  it("refuses a TLS client with no certificate", async () => {
    const err = await execAt(grpc.credentials.createSsl(stateOf("a", "n1").ca, null, null, anyName), { "grpc.ssl_target_name_override": "skiff-node" });
    expect(err?.code).toBe(grpc.status.UNAVAILABLE);
  });

  it("refuses a node's certificate of the cluster's own CA: only a server's may call", async () => {
    const node = stateOf("a", "n2");
    const err = await execAt(grpc.credentials.createSsl(node.ca, node.key, node.cert, anyName), { "grpc.ssl_target_name_override": "skiff-node" });
    expect(err?.code).toBe(grpc.status.PERMISSION_DENIED);
    expect(err?.details).toContain('the client certificate is "node:n2", not a skiff server\'s');
  });
});

describe("the server checks whom it reached", () => {
  it("refuses an agent whose certificate names another node, naming both", async () => {
    // n2's endpoint now leads to n1's agent (an address taken over, a stale annotation...).
    const node = (await a.server.store.get({ kind: "Node", name: "n2" })) as Node;
    await a.server.store.update({ ...node, metadata: { ...node.metadata, annotations: { ...node.metadata.annotations, [AGENT_ENDPOINT_ANNOTATION]: n1.endpoint } } });
    const err = await client.exec({ pod: "elsewhere", command: ["true"] }).then(() => undefined, (e: Error) => e);
    expect(err?.message).toContain(`the agent at ${n1.endpoint} is not node "n2": its certificate is of node "n1"`);
  });
});
