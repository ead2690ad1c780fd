// Secure by default (docs/security.md), against real processes: every kind of caller the server
// must refuse is refused, each refusal is logged once with the peer address, no secret shows in a
// log or in `ps`, and an agent that joined once needs no token again.
import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UnauthenticatedError } from "@skiff/api";
import { loadConfig, SkiffClient } from "@skiff/client";
import { loadNodeProto, type NodeServiceClient } from "@skiff/proto";
import { AgentProcess, busyboxPod, eventually, TestCluster } from "./support/cluster.js";
import { skiff } from "./support/skiff.js";

const exec = promisify(execFile);
const SECRET_VALUE = "s3cr3t-value-that-must-never-be-logged";

let cluster: TestCluster;
/** Every token and key of the test, to look for where they must not be. */
const secrets: string[] = [];

beforeAll(async () => {
  cluster = await TestCluster.start({ agents: 2 });
  const config = loadConfig(cluster.server.configPath);
  secrets.push(config.token!, (await readFile(cluster.tokenFile, "utf8")).trim());
});
afterAll(() => cluster?.dispose());

/** Lines of the server's log about refusals for `reason`. */
const refusals = (reason: string) => cluster.server.logs.split("\n").filter((l) => l.includes(`"reason":"${reason}"`));

/** Call twice, expect one log line, with the peer address. */
async function refusedAndLoggedOnce(reason: string, attempt: () => Promise<unknown>): Promise<unknown> {
  const first = await attempt().catch((e: unknown) => e);
  await attempt().catch(() => undefined);
  await eventually(async () => {
    const lines = refusals(reason);
    if (lines.length !== 1) throw new Error(`${lines.length} log lines for "${reason}":\n${cluster.server.logs.slice(-3000)}`);
    expect(lines[0]).toMatch(/"peer":"127\.0\.0\.1:\d+"/);
  }, 5_000);
  return first;
}

const sdk = (options: ConstructorParameters<typeof SkiffClient>[0]) => {
  const client = new SkiffClient({ server: cluster.server.address, ...options });
  return client.list("pods").finally(() => client.close());
};

describe("the API", () => {
  it("refuses a call without a token", async () => {
    const { ca } = loadConfig(cluster.server.configPath);
    const err = await refusedAndLoggedOnce("no API token", () => sdk({ ca }));
    expect(err).toBeInstanceOf(UnauthenticatedError);
    expect((err as Error).message).toMatch(/no API token/);
  });

  it("refuses a wrong token", async () => {
    const { ca, token } = loadConfig(cluster.server.configPath);
    const wrong = `${token!.split(".")[0]}.wrongwrongwrongwrongwron`;
    const err = await refusedAndLoggedOnce("wrong token", () => sdk({ ca, token: wrong }));
    expect(err).toBeInstanceOf(UnauthenticatedError);
  });

  it("refuses an expired token; the CLI says so plainly and exits 1", async () => {
    const created = await cluster.skiff(["token", "create", "--api", "--ttl", "1s", "-q"]);
    expect(created.code, created.stderr).toBe(0);
    const token = created.stdout.trim();
    secrets.push(token);
    expect((await sdk({ ca: loadConfig(cluster.server.configPath).ca, token }).catch((e: unknown) => e)) instanceof Error).toBe(false);
    await new Promise((r) => setTimeout(r, 1_500));
    const config = join(cluster.server.dataDir, "expired-config");
    await writeFile(config, (await readFile(cluster.server.configPath, "utf8")).replace(/^token: .*$/m, `token: ${token}`), { mode: 0o600 });
    const run = () => skiff(["get", "pods"], { env: { ...cluster.env, SKIFF_CONFIG: config } });
    const r = (await refusedAndLoggedOnce("expired token", async () => {
      const res = await run();
      if (res.code !== 0) throw res;
    })) as Awaited<ReturnType<typeof run>>;
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: not authenticated: the API token has expired/);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("refuses a plaintext client, telling it the server speaks TLS", async () => {
    const err = await refusedAndLoggedOnce("plaintext connection", () => sdk({ insecure: true }));
    expect(err).toBeInstanceOf(UnauthenticatedError);
    expect((err as Error).message).toMatch(/the server speaks TLS/);
    const r = await skiff(["get", "pods"], { env: { ...cluster.env, SKIFF_INSECURE: "1" } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/speaks TLS/);
  });

  it("lists tokens without their secrets", async () => {
    const r = await cluster.skiff(["token", "list"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ID\s+USAGE\s+TTL\s+USAGES/);
    for (const s of secrets) expect(r.stdout).not.toContain(s.split(".").pop());
  });
});

describe("the node protocol", () => {
  it("refuses an agent whose join token was revoked", async () => {
    const created = await cluster.skiff(["token", "create", "-q"]);
    const token = created.stdout.trim();
    secrets.push(token);
    const id = /-([a-z0-9]{6})\./.exec(token)![1]!;
    expect((await cluster.skiff(["token", "revoke", id])).code).toBe(0);
    const tokenFile = join(cluster.server.dataDir, "revoked-token");
    await writeFile(tokenFile, token, { mode: 0o600 });
    const agent = new AgentProcess(`t${cluster.run}-revoked`, cluster.network.nodeAddress(254), cluster.server.address, [], {
      tokenFile,
      stateDir: join(cluster.server.dataDir, "revoked-state"),
    });
    const exited = () =>
      new Promise<number | null>((resolve) => {
        agent.start();
        agent.child!.once("exit", (code) => resolve(code));
      });
    await refusedAndLoggedOnce("join with a revoked or unknown join token", async () => {
      expect(await exited()).toBe(1);
    });
    expect(agent.logs).toMatch(/refused to let this node join: the join token is not valid/);
  });

  it("refuses a node certificate used to read another node's assignments", async () => {
    const [a, b] = cluster.agents as [AgentProcess, AgentProcess];
    const stateA = a.identity!.stateDir;
    const [key, cert, ca] = await Promise.all(["node.key", "node.crt", "ca.crt"].map((f) => readFile(join(stateA, f))));
    const sessionOfB = [...b.logs.matchAll(/"session":"([0-9a-f-]{36})"/g)].pop()![1]!;
    const NodeService = loadNodeProto().skiff.v1.NodeService;
    const asA = new NodeService(cluster.server.address, grpc.credentials.createSsl(ca!, key!, cert!), { "grpc.ssl_target_name_override": "skiff-server" }) as NodeServiceClient;
    const noCert = new NodeService(cluster.server.address, grpc.credentials.createSsl(ca!), { "grpc.ssl_target_name_override": "skiff-server" }) as NodeServiceClient;
    const assignments = (client: NodeServiceClient) =>
      new Promise<grpc.ServiceError>((resolve, reject) => {
        const call = client.assignments({ sessionId: sessionOfB });
        call.on("data", () => reject(new Error("got node B's assignments")));
        call.on("error", (err: grpc.ServiceError) => resolve(err));
        call.on("end", () => reject(new Error("stream ended without an error")));
      });
    try {
      const err = (await refusedAndLoggedOnce("certificate of another node", async () => {
        throw await assignments(asA);
      })) as grpc.ServiceError;
      expect(err.code).toBe(grpc.status.PERMISSION_DENIED);
      expect(err.details).toContain(`node "${a.name}" may not read the assignments of node "${b.name}"`);
      const heartbeat = await new Promise<grpc.ServiceError | null>((resolve) => asA.heartbeat({ sessionId: sessionOfB }, (e) => resolve(e)));
      expect(heartbeat?.code).toBe(grpc.status.PERMISSION_DENIED);
      const update = await new Promise<grpc.ServiceError | null>((resolve) => asA.updateStatus({ sessionId: sessionOfB, updates: [], events: [] }, (e) => resolve(e)));
      expect(update?.code).toBe(grpc.status.PERMISSION_DENIED);
      // The server passes the certificate's node to its handlers in a metadata entry: one sent by the client is dropped.
      const forged = new grpc.Metadata();
      forged.set("x-skiff-authenticated-node", b.name);
      const spoofed = await new Promise<grpc.ServiceError | null>((resolve) => asA.heartbeat({ sessionId: sessionOfB }, forged, (e) => resolve(e)));
      expect(spoofed?.code).toBe(grpc.status.PERMISSION_DENIED);
      const anonymous = (await refusedAndLoggedOnce("no node certificate", async () => {
        throw await assignments(noCert);
      })) as grpc.ServiceError;
      expect(anonymous.code).toBe(grpc.status.UNAUTHENTICATED);
    } finally {
      asA.close();
      noCert.close();
    }
  });

  it("keeps a joined agent working after its token is revoked, and after a restart without a token", async () => {
    const list = await cluster.skiff(["token", "list"]);
    for (const id of [...list.stdout.matchAll(/^([a-z0-9]{6})\s+join\b/gm)].map((m) => m[1]!)) {
      expect((await cluster.skiff(["token", "revoke", id])).code).toBe(0);
    }
    const a = cluster.agents[0]!;
    await a.stop("SIGKILL");
    const again = new AgentProcess(a.name, a.address, a.server, ["--state-dir", a.identity!.stateDir]);
    cluster.agents[0] = again;
    again.start();
    await eventually(async () => {
      if (!/"msg":"registered"/.test(again.logs)) throw new Error(`not registered yet:\n${again.logs}`);
    }, 20_000);
    expect(again.logs).not.toMatch(/joined the cluster/);
    await cluster.waitForNodes(2);
  });
});

describe("secrets", () => {
  it("never appear in the logs or on a command line", async () => {
    const secret = { apiVersion: "v1", kind: "Secret", metadata: { name: "db" }, stringData: { password: SECRET_VALUE } };
    const pod = busyboxPod("uses-secret", ["sleep", "3600"], { env: [{ name: "PASSWORD", valueFrom: { secretKeyRef: { name: "db", key: "password" } } }] });
    for (const object of [secret, pod]) {
      const applied = await cluster.skiff(["apply", "-f", "-"], JSON.stringify(object));
      expect(applied.code, applied.stderr).toBe(0);
    }
    await eventually(async () => {
      const r = await cluster.skiff(["get", "pod", "uses-secret"]);
      if (!/Running/.test(r.stdout)) throw new Error(r.stdout + r.stderr);
    }, 60_000);
    const keys = await Promise.all(cluster.agents.map((a) => readFile(join(a.identity?.stateDir ?? a.extraArgs[1]!, "node.key"), "utf8")));
    const caKey = await readFile(join(cluster.server.dataDir, "pki", "ca.key"), "utf8");
    const keyLines = [...keys, caKey].map((k) => k.split("\n")[1]!);
    const { stdout: ps } = await exec("ps", ["-eo", "args"]);
    const logs = [cluster.server.logs, ...cluster.agents.map((a) => a.logs)].join("\n");
    for (const s of [...secrets, SECRET_VALUE, ...keyLines]) {
      expect(logs).not.toContain(s);
      expect(ps).not.toContain(s);
    }
    for (const s of secrets) expect(logs).not.toContain(s.split(".").pop());
    expect(logs).not.toContain("PRIVATE KEY");
  });
});
