// logs and exec through the server to a fake agent (a NodeAgent gRPC service in this process): the
// bytes and exit codes the CLI hands on, and Ctrl-C ending `logs -f`. Docker itself is tested in test/.
import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Pod } from "@skiff/api";
import { loadNodeProto } from "@skiff/proto";
import { run } from "../cli.js";
import { skiff, startServer, type TestServer } from "../test-cli.js";

let s: TestServer;
let agent: grpc.Server;
const requests: unknown[] = [];
/** The server must present the secret the agent registered with (see packages/agent/src/logs-exec/service.ts). */
const SECRET = "agent-secret-for-tests";
const presented: string[] = [];

beforeAll(async () => {
  agent = new grpc.Server();
  agent.addService(loadNodeProto().skiff.v1.NodeAgent.service, {
    Logs: (call: grpc.ServerWritableStream<{ follow: boolean; tailLines: number; container: string }, { data: Buffer }>) => {
      requests.push(call.request);
      presented.push(String(call.metadata.get("authorization")[0]));
      call.write({ data: Buffer.from("line 1\n") });
      call.write({ data: Buffer.from([0xff, 0x00, 0x0a]) }); // not UTF-8: passed on as bytes
      if (!call.request.follow) call.end();
      // Following: keep the stream open until the client cancels.
    },
    Exec: (call: grpc.ServerUnaryCall<{ command: string[] }, unknown>, cb: grpc.sendUnaryData<unknown>) => {
      requests.push(call.request);
      presented.push(String(call.metadata.get("authorization")[0]));
      cb(null, { exitCode: 3, stdout: Buffer.from("out\n"), stderr: Buffer.from("err\n") });
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    agent.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  s = await startServer();
  // Register as an agent would, so that the server learns the agent's endpoint and secret.
  const nodes = new (loadNodeProto().skiff.v1.NodeService)(s.address, grpc.credentials.createInsecure());
  await new Promise<void>((resolve, reject) =>
    nodes.register({ nodeName: "n1", agentEndpoint: `127.0.0.1:${port}`, agentSecret: SECRET, capacity: { cpuMilli: "1000", memoryBytes: "1000000", pods: 10 } }, (err) =>
      err ? reject(err) : resolve(),
    ),
  );
  nodes.close();
  await s.client.pods.create({ metadata: { name: "web", namespace: "default" }, spec: { nodeName: "n1", containers: [{ name: "app", image: "nginx" }] } } as Pod);
});

afterAll(async () => {
  await s?.close();
  agent?.forceShutdown();
});

describe("through an agent", () => {
  it("writes the log bytes as they are, and passes --tail", async () => {
    const chunks: Buffer[] = [];
    const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => (chunks.push(Buffer.from(chunk as Buffer)), true));
    let code: number;
    try {
      code = await run(["logs", "web", "--tail", "5", "--server", s.address]);
    } finally {
      out.mockRestore();
    }
    expect(code).toBe(0);
    expect(Buffer.concat(chunks)).toEqual(Buffer.concat([Buffer.from("line 1\n"), Buffer.from([0xff, 0x00, 0x0a])]));
    expect(requests.at(-1)).toMatchObject({ tailLines: 5, follow: false, container: "app" });
  });

  it("follows until Ctrl-C, then exits 0", async () => {
    const listeners = process.listenerCount("SIGINT");
    const pending = skiff("logs", "-f", "web", "--server", s.address);
    await vi.waitFor(() => expect(requests.at(-1)).toMatchObject({ follow: true }), { timeout: 5_000 });
    await new Promise((r) => setTimeout(r, 100));
    process.emit("SIGINT");
    const r = await pending;
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("line 1\n");
    expect(r.stderr).toBe("");
    expect(process.listenerCount("SIGINT")).toBe(listeners);
  });

  it("prints the command's output and exits with its code", async () => {
    const r = await skiff("exec", "web", "--server", s.address, "--", "sh", "-c", "exit 3");
    expect(r).toEqual({ code: 3, stdout: "out\n", stderr: "err\n" });
    expect(requests.at(-1)).toMatchObject({ command: ["sh", "-c", "exit 3"] });
    expect(new Set(presented)).toEqual(new Set([`Bearer ${SECRET}`]));
  });
});
