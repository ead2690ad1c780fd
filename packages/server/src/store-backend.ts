// Which store the server keeps its objects in: LevelDB in the data dir (the default), or etcd
// when endpoints are given. Either way the server wraps it in EncryptingStore, so Secrets are
// encrypted before they reach the backend.
//
// On etcd the keyring, the CA and the tokens are in etcd too (cluster/), so several servers on one
// prefix are one cluster.
import { EtcdCompactor, EtcdStore, LevelStore, type EtcdStoreOptions, type Store } from "@skiff/store";
import type { Component } from "./components.js";
import type { Logger } from "./log.js";

export interface StoreBackendOptions {
  dataDir: string;
  /** Keep objects in etcd instead of LevelDB. */
  etcd?: EtcdStoreOptions;
}

export function openBackend(options: StoreBackendOptions): Promise<Store> {
  return options.etcd ? EtcdStore.open(options.etcd) : LevelStore.open(options.dataDir);
}

/** For the startup log line: where the objects are. */
export function describeBackend(options: StoreBackendOptions): string {
  return options.etcd ? `etcd ${options.etcd.endpoints.join(",")} under ${options.etcd.prefix ?? "/skiff"}` : `leveldb in ${options.dataDir}`;
}

/**
 * etcd keeps every revision until compacted. Only the leader runs this (serve.ts builds it per
 * term); each compacts only to a revision it saw at least 5 minutes earlier, so even a new
 * leader's first compaction leaves 5 minutes of history.
 */
export function compactorComponents(options: StoreBackendOptions, log: Logger): Component[] {
  const etcd = options.etcd;
  if (!etcd) return [];
  return [
    {
      name: "etcd-compactor",
      start: (signal) => new EtcdCompactor(etcd).start(signal, (err) => log.warn({ err }, "etcd compaction failed; trying again at the next interval")),
    },
  ];
}
