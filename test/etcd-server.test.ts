// `skiff server --etcd-endpoints`: a real server process keeps its objects in a real etcd. An
// applied ConfigMap survives a restart of the server (it lives in etcd, not in the server), a
// Secret reaches etcd encrypted, and an etcd that does not answer stops the server with a message
// naming it instead of a hang.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Etcd3 } from "etcd3";
import { startEtcd, type EtcdProcess } from "../packages/store/src/test-etcd.js";
import { ServerProcess, freePort, skiff, tempDir } from "./support/skiff.js";

let etcd: EtcdProcess;
const cleanups: (() => Promise<void>)[] = [];
beforeAll(async () => {
  etcd = await startEtcd();
  cleanups.push(() => etcd.stop());
});
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function serverOnEtcd(prefix: string): Promise<ServerProcess> {
  const dir = await tempDir("etcd-server");
  const server = new ServerProcess(dir.path, await freePort(), ["--etcd-endpoints", etcd.endpoint, "--etcd-prefix", prefix]);
  cleanups.push(async () => {
    await server.stop("SIGKILL");
    await dir.remove();
  });
  await server.start();
  return server;
}

const configMap = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "settings", namespace: "default" }, data: { colour: "blue" } };
const secret = { apiVersion: "v1", kind: "Secret", metadata: { name: "password", namespace: "default" }, stringData: { password: "hunter2-in-plain-text" } };

describe("skiff server on etcd", () => {
  it("serves an apply and a get, and still has the object after a restart", async () => {
    const server = await serverOnEtcd("/e2e-restart");
    const applied = await skiff(["apply", "-f", "-"], { env: server.env, input: JSON.stringify(configMap) });
    expect(applied.code, applied.stderr).toBe(0);
    const before = JSON.parse((await skiff(["get", "configmap", "settings", "-o", "json"], { env: server.env })).stdout);
    expect(before.data).toEqual({ colour: "blue" });

    await server.stop("SIGTERM");
    await server.start();
    const got = await skiff(["get", "configmap", "settings", "-o", "json"], { env: server.env });
    expect(got.code, got.stderr).toBe(0);
    const after = JSON.parse(got.stdout);
    expect(after.data).toEqual({ colour: "blue" });
    expect(after.metadata.uid).toBe(before.metadata.uid);
    expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
    expect(server.logs).not.toContain("leveldb");
  });

  it("keeps its objects under its prefix in etcd, and Secrets encrypted there", async () => {
    const server = await serverOnEtcd("/e2e-layout");
    expect((await skiff(["apply", "-f", "-"], { env: server.env, input: JSON.stringify(configMap) })).code).toBe(0);
    const applied = await skiff(["apply", "-f", "-"], { env: server.env, input: JSON.stringify(secret) });
    expect(applied.code, applied.stderr).toBe(0);

    const client = new Etcd3({ hosts: etcd.endpoint });
    try {
      const stored = await client.get("/e2e-layout/ConfigMap/default/settings").string();
      expect(JSON.parse(stored ?? "{}")).toMatchObject({ data: { colour: "blue" } });
      const storedSecret = await client.get("/e2e-layout/Secret/default/password").string();
      expect(storedSecret).toBeTruthy();
      expect(storedSecret).not.toContain("hunter2-in-plain-text");
      expect(storedSecret).not.toContain(Buffer.from("hunter2-in-plain-text").toString("base64"));
    } finally {
      client.close();
    }
  });

  it("refuses to start when etcd does not answer, naming the endpoint", async () => {
    const dir = await tempDir("etcd-server-down");
    cleanups.push(() => dir.remove());
    const unreachable = `http://127.0.0.1:${await freePort()}`;
    const started = Date.now();
    const result = await skiff(["server", "--data-dir", dir.path, "--listen", `127.0.0.1:${await freePort()}`, "--kube-listen", "off", "--etcd-endpoints", unreachable]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`etcd at ${unreachable}) does not answer`);
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});
