// Keep an in-memory copy of every key under an etcd prefix: read them all whenever the watch
// (re)connects, then apply each put and delete. Reading all on every connect is what makes the
// etcd3 Watcher safe here: it may skip events across a reconnect (reference/etcd.md, gotcha 1),
// and a fresh read covers them.
import type { Etcd3 } from "etcd3";
import type { Logger } from "../log.js";

export interface PrefixFollower {
  /** Everything under the prefix, by key without the prefix. */
  all(entries: Map<string, string>): void;
  put(name: string, value: string): void;
  deleted(name: string): void;
}

/** Follow `prefix` until `signal` aborts (resolves then). */
export async function followPrefix(client: Etcd3, prefix: string, follower: PrefixFollower, signal: AbortSignal, log: Logger): Promise<void> {
  if (signal.aborted) return;
  const name = (key: Buffer) => key.toString("utf8").slice(prefix.length);
  const watcher = await client.watch().prefix(prefix).create();
  const reload = async () => {
    try {
      const values = await client.getAll().prefix(prefix).strings();
      follower.all(new Map(Object.entries(values).map(([k, v]) => [k.slice(prefix.length), v])));
    } catch (err) {
      log.warn({ err, prefix }, "cannot read the cluster state from etcd; keeping the last copy until the watch reconnects");
    }
  };
  watcher.on("connected", () => void reload());
  watcher.on("put", (kv) => follower.put(name(kv.key), kv.value.toString("utf8")));
  watcher.on("delete", (kv) => follower.deleted(name(kv.key)));
  watcher.on("error", (err) => log.warn({ err, prefix }, "watch of the cluster state failed; it reconnects by itself"));
  await reload();
  await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
  await watcher.cancel().catch(() => undefined);
}
