import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { DataDirInUseError } from "./errors.js";
import { LEVEL_MEMORY, LevelStore } from "./level-store.js";
import { levelHarness } from "./test-harnesses.js";
import { describeStoreContract } from "./test-store-contract.js";

const harness = levelHarness();
describeStoreContract("LevelStore", harness);

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "skiff-store-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe("LevelStore: one process per data dir", () => {
  it("refuses a data dir another store holds open", async () => {
    const dir = await tempDir();
    const first = await LevelStore.open(dir);
    cleanups.push(() => first.close());
    await expect(LevelStore.open(dir)).rejects.toThrow(DataDirInUseError);
    await expect(LevelStore.open(dir)).rejects.toThrow(`the data dir ${dir} is in use by another skiff server`);
  });

  it("refuses a data dir another process holds open", async () => {
    const dir = await tempDir();
    // The child opens the dir with plain `level` (resolved from the repo root) and waits.
    const holder = `import { Level } from "level"; await new Level(process.argv[1]).open(); console.log("ready"); setInterval(() => {}, 1000);`;
    const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));
    const child = spawn(process.execPath, ["--input-type=module", "-e", holder, dir], { cwd: repoRoot, stdio: ["ignore", "pipe", "inherit"] });
    cleanups.push(async () => {
      if (child.exitCode === null) {
        child.kill();
        await once(child, "exit");
      }
    });
    const [ready] = (await once(child.stdout!, "data")) as [Buffer];
    expect(ready.toString()).toContain("ready");
    await expect(LevelStore.open(dir)).rejects.toThrow(DataDirInUseError);
  });
});

describe("LevelStore: native memory", () => {
  // 12 MiB of objects written, then read back: LevelDB's defaults hold up to 8 MiB of cache and
  // two 4 MiB write buffers; skiff's bound keeps each to 2 MiB. Ten objects per commit: the bytes
  // through the write buffer are the same, with a tenth of the fsyncs (a loaded disk took > 20 s).
  async function churn(store: LevelStore): Promise<number> {
    const pad = "x".repeat(4096);
    for (let b = 0; b < 300; b++) {
      const ops = Array.from({ length: 10 }, (_, j) => {
        const i = b * 10 + j;
        const object = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: `c${i % 600}`, namespace: "default" }, data: { pad, i: String(i) } };
        return { type: i < 600 ? ("create" as const) : ("update" as const), object };
      });
      await store.commit(ops);
    }
    for (let i = 0; i < 3; i++) await store.list("ConfigMap");
    return store.nativeMemoryBytes();
  }

  it("keeps LevelDB's cache and write buffer to LEVEL_MEMORY", async () => {
    const bounded = await LevelStore.open(await tempDir());
    cleanups.push(() => bounded.close());
    const defaults = await LevelStore.open(await tempDir(), { memory: { cacheSize: 8 << 20, writeBufferSize: 4 << 20 } });
    cleanups.push(() => defaults.close());
    const [small, large] = [await churn(bounded), await churn(defaults)];
    expect(small).toBeLessThanOrEqual(LEVEL_MEMORY.cacheSize + 2 * LEVEL_MEMORY.writeBufferSize);
    expect(large).toBeGreaterThan(2 * small);
  });
});
