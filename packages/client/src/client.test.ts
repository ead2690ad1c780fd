// The SDK against a real API server in this process (LevelDB in a temp dir, a free port).
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AlreadyExistsError, ConflictError, NotFoundError, UnavailableError, ValidationError, type Pod } from "@skiff/api";
import { serve } from "@skiff/server";
import { SkiffClient } from "./client.js";
import { retryOnConflict } from "./retry.js";

let dataDir: string;
let server: { address: string; close(): Promise<void> };
let client: SkiffClient;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "skiff-client-"));
  server = await serve({ dataDir, listen: "127.0.0.1:0", logLevel: "silent", insecure: true });
  client = new SkiffClient({ server: server.address, insecure: true });
});

afterAll(async () => {
  client?.close();
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

// Bound to a node that does not exist, so the server's scheduler leaves the pods alone (it would
// otherwise write a PodScheduled condition at once, racing the conditional updates below).
function pod(name: string, labels: Record<string, string> = {}) {
  return {
    metadata: { name, namespace: "default", labels },
    spec: { nodeName: "n0", containers: [{ name: "app", image: "nginx" }] },
  } as unknown as Pod;
}

describe("SkiffClient against a real server", () => {
  it("reports health", async () => {
    const h = await client.health();
    expect(h.status).toBeTruthy();
    expect(h.version).toMatch(/\d+\.\d+\.\d+/);
  });

  it("creates, gets, lists and deletes a pod through the typed client", async () => {
    const created = await client.pods.create(pod("web", { app: "web" }));
    expect(created.apiVersion).toBe("v1");
    expect(created.kind).toBe("Pod");
    expect(created.metadata.uid).toBeTruthy();
    expect(created.metadata.resourceVersion).toBeTruthy();

    await expect(client.pods.create(pod("web"))).rejects.toBeInstanceOf(AlreadyExistsError);

    const got = await client.pods.get("web", { namespace: "default" });
    expect(got.metadata.uid).toBe(created.metadata.uid);
    expect(got.spec?.containers[0]?.image).toBe("nginx");

    const list = await client.pods.list({ namespace: "default", labelSelector: "app=web" });
    expect(list.items.map((p) => p.metadata.name)).toEqual(["web"]);
    expect(list.resourceVersion).toBeTruthy();
    const none = await client.pods.list({ namespace: "default", labelSelector: "app=other" });
    expect(none.items).toEqual([]);

    await client.pods.delete("web", { namespace: "default" });
    await expect(client.pods.get("web")).rejects.toBeInstanceOf(NotFoundError);
    await expect(client.pods.delete("web")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("rejects a stale update with ConflictError, and retryOnConflict recovers", async () => {
    const first = await client.pods.create(pod("cas"));
    await client.pods.update({ ...first, metadata: { ...first.metadata, labels: { v: "1" } } });
    const stale = { ...first, metadata: { ...first.metadata, labels: { v: "2" } } };
    await expect(client.pods.update(stale)).rejects.toBeInstanceOf(ConflictError);

    let attempts = 0;
    const updated = await retryOnConflict(async () => {
      attempts++;
      // The first attempt deliberately writes the stale copy; the retry re-reads.
      const base = attempts === 1 ? first : await client.pods.get("cas");
      return client.pods.update({ ...base, metadata: { ...base.metadata, labels: { v: "3" } } });
    });
    expect(attempts).toBe(2);
    expect(updated.metadata.labels).toEqual({ v: "3" });
    await client.pods.delete("cas");
  });

  it("watches every change after a list's resourceVersion", async () => {
    const { resourceVersion } = await client.pods.list({ namespace: "default" });
    const seen: string[] = [];
    const done = (async () => {
      for await (const ev of client.pods.watch({ namespace: "default", resourceVersion })) {
        if (ev.type === "BOOKMARK") continue;
        seen.push(`${ev.type} ${ev.object?.metadata.name}`);
        if (ev.type === "DELETED") break; // breaking must cancel the stream
      }
    })();
    const p = await client.pods.create(pod("watched"));
    await client.pods.update({ ...p, metadata: { ...p.metadata, labels: { x: "y" } } });
    await client.pods.delete("watched");
    await done;
    expect(seen).toEqual(["ADDED watched", "MODIFIED watched", "DELETED watched"]);
  });

  it("ends a watch when its signal aborts", async () => {
    const ac = new AbortController();
    const done = (async () => {
      let n = 0;
      for await (const _ of client.watch("Pod", { signal: ac.signal })) n++;
      return n;
    })();
    setTimeout(() => ac.abort(), 200);
    await expect(done).resolves.toBeTypeOf("number");
  });

  it("applies several objects at once and reports what changed", async () => {
    const objs = [
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a", namespace: "default" }, data: { k: "v" } },
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "b", namespace: "default" }, data: { k: "v" } },
    ];
    const first = await client.apply(objs);
    expect(first.map((r) => r.action)).toEqual(["created", "created"]);
    const again = await client.apply(objs);
    expect(again.map((r) => r.action)).toEqual(["unchanged", "unchanged"]);
    const changed = await client.apply([{ ...objs[0], data: { k: "w" } }]);
    expect(changed[0]?.action).toBe("configured");
    const dry = await client.apply([{ ...objs[0], metadata: { name: "c", namespace: "default" } }], { dryRun: true });
    expect(dry[0]?.action).toBe("created");
    await expect(client.configMaps.get("c")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("rebuilds a ValidationError with field paths from the server", async () => {
    const bad = { apiVersion: "v1", kind: "Pod", metadata: { name: "bad", namespace: "default" }, spec: { containers: [{ name: "x" }] } };
    const err = await client.apply([bad]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues.length).toBeGreaterThan(0);
    expect((err as ValidationError).issues[0]?.path).toContain("containers");
  });
});

describe("SkiffClient without a server", () => {
  it("fails fast with the unreachable message when the port is closed", async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, "127.0.0.1", () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const c = new SkiffClient({ server: `127.0.0.1:${port}` });
    const started = Date.now();
    const err = await c.health().catch((e: unknown) => e);
    c.close();
    expect(err).toBeInstanceOf(UnavailableError);
    expect((err as Error).message).toBe(
      `cannot reach the skiff server at 127.0.0.1:${port} (connection refused). Is it running? ` +
        "Start one with 'skiff server' (or 'skiff up'), or point --server / SKIFF_SERVER at it.",
    );
    expect(Date.now() - started).toBeLessThan(2_500);
  });

  it("gives up after the connect deadline when the address never answers", async () => {
    // Accepts TCP connections and says nothing: the HTTP/2 handshake never completes.
    const sockets: import("node:net").Socket[] = [];
    const silent = createServer((s) => sockets.push(s));
    const port = await new Promise<number>((resolve) =>
      silent.listen(0, "127.0.0.1", () => resolve((silent.address() as { port: number }).port)),
    );
    const c = new SkiffClient({ server: `127.0.0.1:${port}` });
    const started = Date.now();
    const err = await c.list("pods").catch((e: unknown) => e);
    c.close();
    sockets.forEach((s) => s.destroy());
    silent.close();
    expect(err).toBeInstanceOf(UnavailableError);
    expect((err as Error).message).toContain("(timed out)");
    expect(Date.now() - started).toBeLessThan(6_000);
  });
});
