// Join and API tokens in etcd, one key per token (`<root>tokens/<id>`), holding the record as
// tokens.ts defines it: the sha256 of the secret, never the secret. Every server keeps a copy of
// all records (TokenStore's cache), updated by a watch: a token made through one server is known
// to the others as soon as etcd tells them, in a few milliseconds.
import type { Component } from "../components.js";
import type { Logger } from "../log.js";
import { TokenStore, type TokenPersistence, type TokenRecord } from "../security/tokens.js";
import type { EtcdClusterState } from "./etcd-cluster-state.js";
import { followPrefix } from "./follow-prefix.js";

/** `local`: the data dir's tokens, copied into etcd when it holds none yet (a server that ran on etcd before tokens moved there). */
export async function etcdTokenStore(state: EtcdClusterState, log: Logger, local: () => Promise<TokenStore>): Promise<{ tokens: TokenStore; follow: Component }> {
  const prefix = `${state.root}tokens/`;
  const persistence: TokenPersistence = {
    save: async (_all, change) => {
      if ("put" in change) await state.call("save a token", () => state.client.put(prefix + change.put.id).value(JSON.stringify(change.put)).exec());
      else await state.call("delete a token", () => state.client.delete().key(prefix + change.deleted).exec());
    },
  };
  const values = await state.call("read the tokens", () => state.client.getAll().prefix(prefix).strings());
  let records = Object.values(values).flatMap((v) => parseRecord(v, log));
  if (records.length === 0) {
    records = (await local()).snapshot();
    for (const record of records) await persistence.save(records, { put: record });
  }
  const tokens = new TokenStore(persistence, records);
  const follow: Component = {
    name: "token-follower",
    start: (signal) =>
      followPrefix(state.client, prefix, {
        all: (entries) => tokens.observed({ all: [...entries.values()].flatMap((v) => parseRecord(v, log)) }),
        put: (_id, value) => parseRecord(value, log).forEach((record) => tokens.observed({ put: record })),
        deleted: (id) => tokens.observed({ deleted: id }),
      }, signal, log),
  };
  return { tokens, follow };
}

function parseRecord(value: string, log: Logger): TokenRecord[] {
  try {
    const record = JSON.parse(value) as TokenRecord;
    if (typeof record.id === "string" && typeof record.secretHash === "string") return [record];
  } catch {
    // fall through: a damaged record is skipped, and said
  }
  log.warn("a token record in etcd is damaged; it is ignored (that token will not work)");
  return [];
}
