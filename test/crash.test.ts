// Nothing acknowledged is ever lost: kill -9 the server while it is taking writes, start it
// again on the same data dir, and every acknowledged object is there as it was acknowledged.
import { afterAll, describe, expect, it } from "vitest";
import { ExpiredError, type ApiObject } from "@skiff/api";
import { SkiffClient } from "@skiff/client";
import { ServerProcess, freePort, skiff, tempDir } from "./support/skiff.js";

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function freshServer(): Promise<ServerProcess> {
  const dir = await tempDir("crash");
  const server = new ServerProcess(dir.path, await freePort());
  cleanups.push(async () => {
    await server.stop("SIGKILL");
    await dir.remove();
  });
  await server.start();
  return server;
}

const configMap = (i: number) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: `cm-${i}` }, data: { i: String(i) } });

describe("kill -9 of the server", () => {
  it("right after apply returned: the object is there with the same resourceVersion and uid", async () => {
    const server = await freshServer();
    const applied = await skiff(["apply", "-f", "-"], { env: server.env, input: JSON.stringify(configMap(1)) });
    expect(applied.code, applied.stderr).toBe(0);
    const before = JSON.parse((await skiff(["get", "cm", "cm-1", "-o", "json"], { env: server.env })).stdout);
    await server.kill9();
    await server.start();
    const after = JSON.parse((await skiff(["get", "cm", "cm-1", "-o", "json"], { env: server.env })).stdout);
    expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
    expect(after.metadata.uid).toBe(before.metadata.uid);
  });

  it("in the middle of a stream of writes: every acknowledged write survives, and a watch resumes", async () => {
    const server = await freshServer();
    const client = new SkiffClient(server.clientOptions());
    const startRevision = Number((await client.list("ConfigMap")).resourceVersion);
    const acknowledged = new Map<string, ApiObject>();
    let stop = false;
    const writer = (async () => {
      for (let i = 0; !stop; i++) {
        try {
          const [result] = await client.apply([configMap(i)]);
          if (result) acknowledged.set(result.object.metadata.name, result.object);
        } catch {
          return; // the server died under us: this write was never acknowledged
        }
      }
    })();
    while (acknowledged.size < 30) await new Promise((r) => setTimeout(r, 5));
    await server.kill9();
    stop = true;
    await writer;
    client.close();

    await server.start();
    const after = new SkiffClient(server.clientOptions());
    try {
      for (const [name, obj] of acknowledged) {
        const now = await after.configMaps.get(name);
        expect(now.metadata.resourceVersion, name).toBe(obj.metadata.resourceVersion);
        expect(now.metadata.uid, name).toBe(obj.metadata.uid);
      }
      // A watch from the revision before the writes either replays every one of them, in order,
      // or says plainly that it cannot (ExpiredError: re-list). It never silently skips.
      const seen: string[] = [];
      const ac = new AbortController();
      try {
        for await (const ev of after.watch("ConfigMap", { resourceVersion: String(startRevision), signal: ac.signal })) {
          seen.push(ev.object!.metadata.name);
          if (seen.length >= acknowledged.size) break;
        }
        expect(new Set(seen)).toEqual(new Set(acknowledged.keys()));
      } catch (err) {
        expect(err).toBeInstanceOf(ExpiredError);
      }
    } finally {
      after.close();
    }
  });

  it("a graceful stop (SIGTERM) exits 0 and keeps everything", async () => {
    const server = await freshServer();
    await skiff(["apply", "-f", "-"], { env: server.env, input: JSON.stringify(configMap(7)) });
    expect(await server.stop("SIGTERM")).toBe(0);
    await server.start();
    const r = await skiff(["get", "cm", "cm-7", "-o", "name"], { env: server.env });
    expect(r.stdout.trim()).toBe("configmap/cm-7");
  });
});
