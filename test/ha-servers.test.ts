// Two `skiff server` processes on one etcd are one cluster (issue 14): they agree on one CA and
// one keyring even when they start at the same moment, a token made through one works on the
// other at once, a client config listing both keeps working when the first is killed, and etcd
// holds nothing secret in the clear (no private key, no keyring, no token). No agents, no Docker.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { connect } from "node:tls";
import { randomBytes } from "node:crypto";
import { Etcd3 } from "etcd3";
import { loadConfig } from "@skiff/client";
import { startEtcd, type EtcdProcess } from "../packages/store/src/test-etcd.js";
import { deriveClusterKey, openValue } from "../packages/server/src/cluster/cluster-key.js";
import { ServerProcess, clusterKeyFile, freePort, skiff, tempDir } from "./support/skiff.js";

let etcd: EtcdProcess;
let a: ServerProcess;
let b: ServerProcess;
let keyFile: string;
const prefix = `/e2e-ha-${randomBytes(4).toString("hex")}`;
const cleanups: (() => Promise<void>)[] = [];

async function server(name: string, extra: string[] = []): Promise<ServerProcess> {
  const dir = await tempDir(`ha-${name}`);
  const s = new ServerProcess(dir.path, await freePort(), ["--etcd-endpoints", etcd.endpoint, "--etcd-prefix", prefix, ...extra]);
  cleanups.push(async () => {
    await s.stop("SIGKILL");
    await dir.remove();
  });
  return s;
}

/** A client config file naming `servers`, with the cluster's CA and the given token. */
async function clientConfig(servers: string[], token: string): Promise<Record<string, string>> {
  const dir = await tempDir("ha-client");
  cleanups.push(() => dir.remove());
  const path = join(dir.path, "config");
  const { ca } = loadConfig(a.configPath);
  await writeFile(path, `server: ${servers.join(",")}\ntoken: ${token}\nca: |\n${ca!.trim().split("\n").map((l) => `  ${l}`).join("\n")}\n`, { mode: 0o600 });
  return { SKIFF_CONFIG: path, SKIFF_SERVER: "" };
}

/** The certificate chain a server presents, checked against `caPem` with the name clients check. */
function presentedChainTrusted(address: string, caPem: string): Promise<boolean> {
  const [host, port] = [address.slice(0, address.lastIndexOf(":")), Number(address.slice(address.lastIndexOf(":") + 1))];
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, ca: caPem, servername: "skiff-server", ALPNProtocols: ["h2"], checkServerIdentity: () => undefined }, () => {
      resolve(socket.authorized);
      socket.destroy();
    });
    socket.on("error", reject);
  });
}

beforeAll(async () => {
  etcd = await startEtcd();
  cleanups.push(() => etcd.stop());
  const dir = await tempDir("ha-key");
  cleanups.push(() => dir.remove());
  keyFile = await clusterKeyFile(dir.path);
  a = await server("a", ["--encryption-key-file", keyFile]);
  b = await server("b", ["--encryption-key-file", keyFile]);
  // Both at once: each tries to make the CA and keyring; etcd's create-only write picks one.
  await Promise.all([a.start(), b.start()]);
}, 60_000);

afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

describe("two servers on one etcd", () => {
  it("present certificates from the same CA, and write the same CA and admin token", async () => {
    const ca = loadConfig(a.configPath);
    const cb = loadConfig(b.configPath);
    expect(cb.ca).toBe(ca.ca);
    expect(cb.token).toBe(ca.token);
    expect(await presentedChainTrusted(a.address, ca.ca!)).toBe(true);
    expect(await presentedChainTrusted(b.address, ca.ca!)).toBe(true);
  });

  it("accept on B a token made through A", async () => {
    const made = await skiff(["token", "create", "--api", "-q"], { env: a.env });
    expect(made.code, made.stderr).toBe(0);
    const token = made.stdout.trim();
    const env = await clientConfig([b.address], token);
    const got = await skiff(["get", "namespaces"], { env });
    expect(got.code, got.stderr).toBe(0);
    expect(got.stdout).toContain("default");
    // And a token revoked through B is refused by A.
    const id = token.split(".")[0]!;
    expect((await skiff(["token", "revoke", id], { env: b.env })).code).toBe(0);
    const refused = await skiff(["get", "namespaces"], { env: await clientConfig([a.address], token) });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/API token is not valid/);
  });

  it("keep nothing secret readable in etcd", async () => {
    const secret = { apiVersion: "v1", kind: "Secret", metadata: { name: "db", namespace: "default" }, stringData: { password: "hunter2-plain" } };
    expect((await skiff(["apply", "-f", "-"], { env: a.env, input: JSON.stringify(secret) })).code).toBe(0);
    const made = await skiff(["token", "create", "--api", "-q"], { env: b.env });
    const token = made.stdout.trim();

    const client = new Etcd3({ hosts: etcd.endpoint });
    try {
      const all = await client.getAll().prefix(prefix).strings();
      const text = Object.entries(all).map(([k, v]) => `${k}=${v}`).join("\n");
      expect(Object.keys(all)).toEqual(expect.arrayContaining([`${prefix}.cluster/ca`, `${prefix}.cluster/keyring`, `${prefix}.cluster/admin-token`]));
      expect(text).not.toMatch(/PRIVATE KEY/);
      expect(text).not.toContain("hunter2-plain");
      expect(text).not.toContain(token.split(".")[1]);
      expect(text).not.toContain(loadConfig(a.configPath).token!.split(".")[1]);
      // The keyring opens with the cluster key only; its keys appear nowhere in the clear.
      const key = deriveClusterKey(await import("node:fs/promises").then((fs) => fs.readFile(keyFile, "utf8")), keyFile);
      const keyring = JSON.parse(openValue(key, "keyring", all[`${prefix}.cluster/keyring`]!)) as { keys: { secret: string }[] };
      expect(keyring.keys.length).toBeGreaterThan(0);
      for (const k of keyring.keys) expect(text).not.toContain(k.secret);
    } finally {
      client.close();
    }
  });

  it("refuse a third server that has no cluster key, saying where to get it", async () => {
    const c = await server("c");
    const result = await skiff(["server", "--data-dir", c.dataDir, "--listen", c.address, "--kube-listen", "off", "--client-config", c.configPath, "--etcd-endpoints", etcd.endpoint, "--etcd-prefix", prefix]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/copy the key file of the first server/);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("serve a client config listing both when the first is killed", async () => {
    const env = await clientConfig([a.address, b.address], loadConfig(a.configPath).token!);
    const before = await skiff(["get", "namespaces"], { env });
    expect(before.code, before.stderr).toBe(0);
    await a.kill9();
    const after = await skiff(["get", "namespaces"], { env });
    expect(after.code, after.stderr).toBe(0);
    expect(after.stdout).toContain("default");
  });
});
