// The cluster's state on a real etcd (started by the test, as the store's own suite does): two
// servers opening it at once agree on one keyring and one CA, the secret parts are sealed in
// etcd, a token made through one is known to the other, and a server without the cluster key is
// refused with a sentence saying what to do.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Etcd3 } from "etcd3";
import { startEtcd, type EtcdProcess } from "../../../store/src/test-etcd.js";
import { createLogger } from "../log.js";
import { openClusterState, type ClusterState } from "./cluster-state.js";
import { ClusterKeyError } from "./cluster-key.js";

const log = createLogger("silent");
let etcd: EtcdProcess;
const dirs: string[] = [];
const opened: ClusterState[] = [];

beforeAll(async () => {
  etcd = await startEtcd();
}, 30_000);
afterAll(async () => {
  opened.forEach((s) => s.close());
  await etcd?.stop();
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function dataDir(): string {
  const d = mkdtempSync(join(tmpdir(), "skiff-cluster-state-"));
  dirs.push(d);
  return d;
}

function keyFile(): string {
  const path = join(dataDir(), "cluster.key");
  writeFileSync(path, `${randomBytes(32).toString("base64")}\n`, { mode: 0o600 });
  return path;
}

async function open(prefix: string, encryptionKeyFile?: string, dir = dataDir()): Promise<ClusterState> {
  const state = await openClusterState({ dataDir: dir, etcd: { endpoints: [etcd.endpoint], prefix }, encryptionKeyFile }, log);
  opened.push(state);
  return state;
}

describe("cluster state on etcd", () => {
  it("is made once when two servers open it at the same moment: one keyring, one CA", async () => {
    const key = keyFile();
    const [a, b] = await Promise.all([open("/unit-race", key), open("/unit-race", key)]);
    expect(b.keyring.primary.secret.equals(a.keyring.primary.secret)).toBe(true);
    const [sa, sb] = await Promise.all([a.security(), b.security()]);
    expect(sb.ca.certPem).toBe(sa.ca.certPem);
    expect(sb.ca.keyPem).toBe(sa.ca.keyPem);
    const [ta, tb] = await Promise.all([sa.adminToken(async () => (await sa.tokens.create("api")).token), sb.adminToken(async () => (await sb.tokens.create("api")).token)]);
    expect(tb).toBe(ta);
  });

  it("shares an agent's logs/exec secret: remembered by one server, read by another, sealed in etcd", async () => {
    const key = keyFile();
    const [a, b] = [await open("/unit-agent-secrets", key), await open("/unit-agent-secrets", key)];
    expect(await b.agentSecrets.lookup("n1")).toBeUndefined();
    await a.agentSecrets.remember("n1", "first-secret");
    expect(await b.agentSecrets.lookup("n1")).toBe("first-secret");
    // The agent restarted and registered with the other server: the newer secret wins everywhere.
    await b.agentSecrets.remember("n1", "second-secret");
    expect(await a.agentSecrets.lookup("n1")).toBe("second-secret");
    const client = new Etcd3({ hosts: etcd.endpoint });
    try {
      const stored = await client.get("/unit-agent-secrets.cluster/agent-secrets/n1").string();
      expect(stored).toMatch(/^skiff:sealed:v1:/);
      expect(stored).not.toContain("second-secret");
    } finally {
      client.close();
    }
  });

  it("keeps the keyring, the CA key and the admin token sealed, and tokens as hashes", async () => {
    const key = keyFile();
    const a = await open("/unit-sealed", key);
    const security = await a.security();
    const admin = await security.adminToken(async () => (await security.tokens.create("api")).token);
    const { token } = await security.tokens.create("join");
    const client = new Etcd3({ hosts: etcd.endpoint });
    try {
      const all = await client.getAll().prefix("/unit-sealed").strings();
      const text = Object.values(all).join("\n");
      expect(all["/unit-sealed.cluster/keyring"]).toMatch(/^skiff:sealed:v1:/);
      expect(all["/unit-sealed.cluster/admin-token"]).toMatch(/^skiff:sealed:v1:/);
      expect(JSON.parse(all["/unit-sealed.cluster/ca"]!).keyPem).toMatch(/^skiff:sealed:v1:/);
      expect(text).not.toContain("PRIVATE KEY");
      expect(text).not.toContain(a.keyring.primary.secret.toString("base64"));
      expect(text).not.toContain(admin.split(".")[1]);
      expect(text).not.toContain(token.split(".")[1]);
      expect(Object.keys(all).every((k) => k.startsWith("/unit-sealed.cluster/"))).toBe(true);
    } finally {
      client.close();
    }
  });

  it("shares tokens: one made through A is known to B once B's watch has it", async () => {
    const key = keyFile();
    const a = await open("/unit-tokens", key);
    const b = await open("/unit-tokens", key);
    const [sa, sb] = [await a.security(), await b.security()];
    const stop = new AbortController();
    for (const c of b.components(log)) void c.start(stop.signal);
    try {
      const { token } = await sa.tokens.create("api");
      await expect.poll(() => sb.tokens.verify(token, "api"), { timeout: 5_000 }).toMatchObject({ record: { usage: "api" } });
      await sa.tokens.revoke(token.split(".")[0]!);
      await expect.poll(() => sb.tokens.verify(token, "api"), { timeout: 5_000 }).toEqual({ refused: "unknown token" });
    } finally {
      stop.abort();
    }
  });

  it("rotates the keyring for every server: the new primary key is in etcd", async () => {
    const key = keyFile();
    const a = await open("/unit-rotate", key);
    const rotated = await a.rotateKeyring();
    expect(rotated.primary.id).toBe("key2");
    expect(rotated.all.get("key1")?.secret.equals(a.keyring.primary.secret)).toBe(true);
    const b = await open("/unit-rotate", key);
    expect(b.keyring.primary.id).toBe("key2");
  });

  it("refuses a server with another cluster's key, or none, saying what to do", async () => {
    await open("/unit-keys", keyFile());
    await expect(open("/unit-keys", keyFile())).rejects.toThrow(ClusterKeyError);
    await expect(open("/unit-keys", keyFile())).rejects.toThrow(/does not open the cluster's keyring/);
    await expect(open("/unit-keys")).rejects.toThrow(/copy the key file of the first server/);
  });

  it("makes the cluster key in the data dir for the first server given none", async () => {
    const dir = dataDir();
    const a = await open("/unit-first", undefined, dir);
    expect(a.keyring.primary.id).toBe("key1");
    const b = await open("/unit-first", join(dir, "cluster.key"));
    expect(b.keyring.primary.secret.equals(a.keyring.primary.secret)).toBe(true);
  });
});
