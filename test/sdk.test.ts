// The SDK against a real server process: optimistic concurrency and server-side validation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConflictError, ValidationError, NotFoundError, type ApiObject } from "@skiff/api";
import { SkiffClient } from "@skiff/client";
import { startServer, type ServerProcess } from "./support/skiff.js";

let server: ServerProcess;
let dispose: () => Promise<void>;
let a: SkiffClient;
let b: SkiffClient;

beforeAll(async () => {
  ({ server, dispose } = await startServer());
  a = new SkiffClient(server.clientOptions());
  b = new SkiffClient(server.clientOptions());
});
afterAll(async () => {
  a?.close();
  b?.close();
  await dispose?.();
});

describe("SDK", () => {
  it("two clients updating from the same resourceVersion: exactly one wins", async () => {
    const created = await a.configMaps.create({ metadata: { name: "race" }, data: { n: "0" } });
    const rv = created.metadata.resourceVersion;
    const results = await Promise.allSettled([
      a.configMaps.update({ ...created, data: { n: "a" } }),
      b.configMaps.update({ ...created, data: { n: "b" } }),
    ]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]?.reason).toBeInstanceOf(ConflictError);
    const now = await a.configMaps.get("race");
    expect(now.metadata.resourceVersion).not.toBe(rv);
    expect(["a", "b"]).toContain((now as ApiObject & { data: { n: string } }).data.n);
  });

  it("the server validates what the SDK sends, with field paths", async () => {
    const err = await a
      .apply([{ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "x" }, spec: { selector: { matchLabels: { a: "b" } }, template: { metadata: { labels: { a: "b" } }, spec: { containers: [{ name: "c" }] } } } }])
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues.map((i) => i.path)).toContain("spec.template.spec.containers[0].image");
  });

  it("an apply with one bad document stores none of them", async () => {
    const good = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "good-one" } };
    const bad = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "Bad_One" } };
    await expect(a.apply([good, bad])).rejects.toBeInstanceOf(ValidationError);
    await expect(a.configMaps.get("good-one")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("a 10 MB object is refused with a clear message and the server keeps serving", async () => {
    const huge = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "huge" }, data: { blob: "x".repeat(10 * 1024 * 1024) } };
    const err = (await a.apply([huge]).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toMatch(/large|MiB|size/i);
    expect((await a.health()).status).toBe("ok");
  });

  it("objects in a namespace that does not exist are refused", async () => {
    const err = (await a.configMaps.create({ metadata: { name: "x", namespace: "nowhere" } }).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.message).toContain('namespace "nowhere" not found');
  });
});
