// The backends the contract suite runs on: LevelDB in temp dirs, and etcd (one real etcd process
// per test file, one key prefix per test).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { EtcdStore, type EtcdStoreOptions } from "./etcd-store.js";
import { LevelStore, type LevelStoreOptions } from "./level-store.js";
import { startEtcd, type EtcdProcess } from "./test-etcd.js";
import type { StoreHarness } from "./test-store-contract.js";

/** Call at the top of a test file: every dir it makes is removed after the file. */
export function levelHarness(options?: LevelStoreOptions): () => StoreHarness {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });
  const harness: StoreHarness = {
    async location() {
      const dir = await mkdtemp(join(tmpdir(), "skiff-store-"));
      dirs.push(dir);
      return { open: () => LevelStore.open(dir, options) };
    },
  };
  return () => harness;
}

export interface EtcdHarness extends StoreHarness {
  etcd: EtcdProcess;
  /** Options to open another EtcdStore on this etcd. */
  storeOptions(prefix: string): EtcdStoreOptions;
}

/** Call at the top of a test file: starts an etcd before its tests, stops it (and removes its dir) after. */
export function etcdHarness(): () => EtcdHarness {
  let etcd: EtcdProcess | undefined;
  let next = 0;
  beforeAll(async () => {
    etcd = await startEtcd();
  }, 30_000);
  afterAll(async () => {
    await etcd?.stop();
  });
  return () => {
    if (!etcd) throw new Error("etcd did not start (see beforeAll)");
    const running = etcd;
    const storeOptions = (prefix: string): EtcdStoreOptions => ({ endpoints: [running.endpoint], prefix });
    return {
      etcd: running,
      storeOptions,
      async location() {
        const options = storeOptions(`/test-${process.pid}-${next++}`);
        return { open: () => EtcdStore.open(options) };
      },
    };
  };
}
