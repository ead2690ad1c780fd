import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { DataDirInUseError } from "./errors.js";
import { LevelStore } from "./level-store.js";
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
