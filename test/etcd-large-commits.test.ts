// Commits over etcd's limits (issue 14), through a real `skiff server` on a real etcd: etcd takes
// at most 128 operations and about 1.5 MiB in one transaction. Deleting a namespace of 300
// objects goes in steps (the namespace is marked, then its content deleted in chunks, then the
// namespace goes); an apply is all or nothing, so one of 300 objects is refused with what to do;
// a single object over the size limit (a Secret of 1 MiB, once encrypted) is refused naming it,
// its size and the limit.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEtcd, type EtcdProcess } from "../packages/store/src/test-etcd.js";
import { ServerProcess, freePort, skiff, tempDir } from "./support/skiff.js";

let etcd: EtcdProcess;
let server: ServerProcess;
const cleanups: (() => Promise<void>)[] = [];
beforeAll(async () => {
  etcd = await startEtcd();
  cleanups.push(() => etcd.stop());
  const dir = await tempDir("etcd-large-commits");
  server = new ServerProcess(dir.path, await freePort(), ["--etcd-endpoints", etcd.endpoint, "--etcd-prefix", `/e2e-large-${process.pid}`]);
  cleanups.push(async () => {
    await server.stop("SIGKILL");
    await dir.remove();
  });
  await server.start();
}, 60_000);
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

const configMap = (namespace: string, i: number) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: `cm-${i}`, namespace }, data: { n: String(i) } });
const list = (items: unknown[]) => JSON.stringify({ apiVersion: "v1", kind: "List", items });

async function count(kind: string, namespace: string): Promise<number> {
  const got = await skiff(["get", kind, "-n", namespace, "-o", "json"], { env: server.env });
  expect(got.code, got.stderr).toBe(0);
  // `-o json` prints nothing for no objects, one object as itself, several as a List.
  if (got.stdout.trim() === "") return 0;
  const parsed = JSON.parse(got.stdout);
  return parsed.kind === "List" ? parsed.items.length : 1;
}

describe("commits over etcd's limits", () => {
  it("deletes a namespace of 300 objects", async () => {
    const ns = "many";
    const created = await skiff(["apply", "-f", "-"], { env: server.env, input: JSON.stringify({ apiVersion: "v1", kind: "Namespace", metadata: { name: ns } }) });
    expect(created.code, created.stderr).toBe(0);
    // One apply of 300 is refused, all or nothing, saying what to do instead.
    const all = Array.from({ length: 300 }, (_, i) => configMap(ns, i));
    const refused = await skiff(["apply", "-f", "-"], { env: server.env, input: list(all) });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/apply writes its 300 objects in one transaction.*--max-txn-ops 128.*Apply them in several smaller files/);
    expect(await count("configmaps", ns)).toBe(0);
    for (let i = 0; i < 300; i += 100) {
      const applied = await skiff(["apply", "-f", "-"], { env: server.env, input: list(all.slice(i, i + 100)) });
      expect(applied.code, applied.stderr).toBe(0);
    }
    expect(await count("configmaps", ns)).toBe(300);

    const deleted = await skiff(["delete", "namespace", ns], { env: server.env });
    expect(deleted.code, deleted.stderr).toBe(0);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const got = await skiff(["get", "namespace", ns], { env: server.env });
      if (got.code !== 0 && /not found/i.test(got.stderr)) break;
      if (Date.now() > deadline) throw new Error(`namespace ${ns} still there: ${got.stdout}${got.stderr}\n${server.logs.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(await count("configmaps", ns)).toBe(0);
  });

  it("refuses one object over etcd's size limit, naming it, its size and the limit", async () => {
    // Within the API's limits (1 MiB of data, 1.5 MiB as JSON), but encrypted for the store a
    // Secret grows by about a third: too big for one etcd request.
    const big = { apiVersion: "v1", kind: "Secret", metadata: { name: "huge", namespace: "default" }, stringData: { blob: "x".repeat(1000 * 1024) } };
    const refused = await skiff(["apply", "-f", "-"], { env: server.env, input: JSON.stringify(big) });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/Secret default\/huge is \d\.\d\d MiB as stored, more than etcd accepts in one request \(--max-request-bytes 1\.50 MiB\)/);
    const got = await skiff(["get", "secret", "huge"], { env: server.env });
    expect(got.code).not.toBe(0);
  });
});
