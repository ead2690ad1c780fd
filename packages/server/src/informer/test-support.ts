// Helpers for tests that run an informer (or anything built on one) against a real LevelStore.
// Not exported from index.ts: test code only.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { LevelStore, type LevelStoreOptions } from "@skiff/store";
import type { Logger } from "../log.js";

export const silentLog: Logger = pino({ level: process.env.SKIFF_TEST_LOG ?? "silent" });

/** A LevelStore in a fresh temp dir; `close` closes it and removes the dir. */
export async function tempStore(options?: LevelStoreOptions): Promise<{ store: LevelStore; close(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "skiff-informer-"));
  const store = await LevelStore.open(dir, options);
  return {
    store,
    close: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Poll `check` until it returns true (or throw after `timeoutMs`). */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 5_000, what = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
