// runController against a real API server in this process: a small controller that keeps, for
// each ConfigMap labelled mirror=yes, a copy owned by it. It converges, follows changes, and,
// stopped and started again, reconciles every key and writes nothing that is already right.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { controllerRef, deepEqual, keyOf, ownerKeys, splitKey, type ConfigMap } from "@skiff/api";
import { serve } from "@skiff/server";
import { SkiffClient } from "../client.js";
import { runController, type OperatorDefinition } from "./run-controller.js";

let dataDir: string;
let server: { address: string; close(): Promise<void> };
let client: SkiffClient;
const silent = { debug() {}, info() {}, warn() {}, error() {} };

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "skiff-operator-"));
  server = await serve({ dataDir, listen: "127.0.0.1:0", logLevel: "silent", insecure: true });
  client = new SkiffClient({ server: server.address, insecure: true });
});

afterAll(async () => {
  client?.close();
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function mirror(counts: { reconciles: number; writes: number }): OperatorDefinition {
  return {
    name: "mirror",
    watches: [
      { kind: "ConfigMap", keysFor: (cm) => (cm.metadata.labels?.mirror === "yes" ? [keyOf(cm)] : []) },
      { kind: "ConfigMap", keysFor: ownerKeys("ConfigMap") },
    ],
    async reconcile(key, { informers, writer }) {
      counts.reconciles++;
      const source = informers.for<ConfigMap>("ConfigMap").get(key);
      if (!source) return;
      const { namespace, name } = splitKey(key);
      const copy = informers.for<ConfigMap>("ConfigMap").get(`${namespace}/copy-${name}`);
      if (copy && deepEqual(copy.data, source.data)) return;
      counts.writes++;
      if (copy) await writer.update({ ...copy, data: source.data });
      else await writer.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: `copy-${name}`, namespace, ownerReferences: [controllerRef(source)] }, data: source.data });
    },
  };
}

async function eventually<T>(check: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

describe("runController", () => {
  it("converges, follows changes, and after a restart writes nothing that is right", async () => {
    const counts = { reconciles: 0, writes: 0 };
    const stop = new AbortController();
    const running = runController(mirror(counts), { client, log: silent, signal: stop.signal });
    await client.configMaps.create({ metadata: { name: "a", namespace: "default", labels: { mirror: "yes" } }, data: { k: "1" } });
    await eventually(async () => expect((await client.configMaps.get("copy-a")).data).toEqual({ k: "1" }));
    const a = await client.configMaps.get("a");
    await client.configMaps.update({ ...a, data: { k: "2" } });
    await eventually(async () => expect((await client.configMaps.get("copy-a")).data).toEqual({ k: "2" }));
    // A copy changed behind its back is put back (its change wakes the owner's key).
    const copy = await client.configMaps.get("copy-a");
    await client.configMaps.update({ ...copy, data: { k: "tampered" } });
    await eventually(async () => expect((await client.configMaps.get("copy-a")).data).toEqual({ k: "2" }));
    stop.abort();
    await running;

    const before = (await client.configMaps.get("copy-a")).metadata.resourceVersion;
    const again = { reconciles: 0, writes: 0 };
    const stop2 = new AbortController();
    let synced = false;
    const running2 = runController(mirror(again), { client, log: silent, signal: stop2.signal, onSynced: () => (synced = true) });
    await eventually(async () => expect(synced && again.reconciles).toBeGreaterThanOrEqual(1));
    expect(again.writes).toBe(0);
    expect((await client.configMaps.get("copy-a")).metadata.resourceVersion).toBe(before);
    stop2.abort();
    await running2;
  });
});
