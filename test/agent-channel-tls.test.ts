// The server -> agent channel for `skiff logs` and `skiff exec` is encrypted (issue 17): a TCP
// proxy of this test sits between the server and a real agent (the node's agent endpoint is
// pointed at it) and records every byte both ways, while the CLI reads a pod's log line and an
// exec's output. The CLI shows both markers; the recorded bytes hold neither (nor the command).
import { createConnection, createServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AGENT_ENDPOINT_ANNOTATION, type Node, type Pod } from "@skiff/api";
import { TestCluster, busyboxPod, eventually } from "./support/cluster.js";

let cluster: TestCluster;
let proxy: Server;
const sockets = new Set<Socket>();
const toAgent: Buffer[] = [];
const fromAgent: Buffer[] = [];
let connections = 0;

const LOG_MARKER = `log-marker-${Math.random().toString(36).slice(2, 10)}`;
// The exec's output is computed in the container, so that the command sent differs from what comes back.
const EXEC_COMMAND = "echo exec-marker-$((6*7))-done";
const EXEC_MARKER = "exec-marker-42-done";

/** A TCP proxy to `target` that keeps a copy of every byte, each way. */
function recordingProxy(target: string): Promise<Server> {
  const i = target.lastIndexOf(":");
  const [host, port] = [target.slice(0, i), Number(target.slice(i + 1))];
  const server = createServer((client) => {
    connections++;
    const upstream = createConnection({ host, port });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.once("close", () => sockets.delete(s));
      s.on("error", () => (client.destroy(), upstream.destroy()));
    }
    client.on("data", (d: Buffer) => (toAgent.push(Buffer.from(d)), upstream.write(d)));
    upstream.on("data", (d: Buffer) => (fromAgent.push(Buffer.from(d)), client.write(d)));
    client.once("end", () => upstream.end());
    upstream.once("end", () => client.end());
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

beforeAll(async () => {
  cluster = await TestCluster.start({ agents: 1 });
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve()));
  await cluster?.dispose();
});

describe("the server's calls to an agent travel encrypted", () => {
  it("logs and exec through a recording proxy: the CLI shows the markers, the wire never does", async () => {
    const r = await cluster.skiff(["apply", "-f", "-"], JSON.stringify(busyboxPod("talker", ["sh", "-c", `echo ${LOG_MARKER}; sleep 3600`])));
    expect(r.code, r.stderr).toBe(0);
    const pod = await eventually(async () => {
      const p = (await cluster.client.pods.get("talker")) as Pod;
      if (p.status?.phase !== "Running") throw new Error(`phase ${p.status?.phase}`);
      return p;
    }, 60_000);

    // Point the server at the proxy: the node's agent endpoint is the address it dials.
    const nodeName = pod.spec.nodeName!;
    const node = (await cluster.client.nodes.get(nodeName)) as Node;
    const agentEndpoint = node.metadata.annotations?.[AGENT_ENDPOINT_ANNOTATION];
    expect(agentEndpoint).toMatch(/:\d+$/);
    proxy = await recordingProxy(agentEndpoint!);
    const address = proxy.address() as { port: number };
    const annotated = await cluster.skiff(["annotate", "node", nodeName, `${AGENT_ENDPOINT_ANNOTATION}=127.0.0.1:${address.port}`, "--overwrite"]);
    expect(annotated.code, annotated.stderr).toBe(0);

    const logs = await eventually(async () => {
      const out = await cluster.skiff(["logs", "talker"]);
      if (!out.stdout.includes(LOG_MARKER)) throw new Error(`logs: ${out.stdout}${out.stderr}`);
      return out;
    }, 60_000);
    expect(logs.code).toBe(0);
    const exec = await cluster.skiff(["exec", "talker", "--", "sh", "-c", EXEC_COMMAND]);
    expect(exec.code, exec.stderr).toBe(0);
    expect(exec.stdout.trim()).toBe(EXEC_MARKER);

    // Both calls went through the proxy, as TLS (a handshake record first), and nothing readable crossed it.
    expect(connections).toBeGreaterThan(0);
    const sent = Buffer.concat(toAgent);
    const received = Buffer.concat(fromAgent);
    expect(sent.length).toBeGreaterThan(0);
    expect(received.length).toBeGreaterThan(0);
    expect(sent[0]).toBe(0x16);
    const wire = Buffer.concat([sent, received]).toString("latin1");
    for (const secretText of [LOG_MARKER, EXEC_MARKER, EXEC_COMMAND, "talker", "authorization"]) expect(wire.includes(secretText), secretText).toBe(false);
  });
});
