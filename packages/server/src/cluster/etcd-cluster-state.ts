// The cluster's own state in etcd, beside the objects and outside their key space:
//
//   <prefix>.cluster/keyring        the Secret encryption keyring, sealed with the cluster key
//   <prefix>.cluster/ca             {"certPem": PEM, "keyPem": sealed}: the CA, its key sealed
//   <prefix>.cluster/admin-token    the admin API token, sealed
//   <prefix>.cluster/tokens/<id>    a join or API token's record: sha256 of the secret, never the secret
//   <prefix>.cluster/servers/<id>   a running server's advertised address, bound to its etcd lease
//   <prefix>.cluster/agent-secrets/<node>  the secret of the node's agent (logs/exec), sealed
//
// `<prefix>.cluster/` sorts outside the objects' range `<prefix>/`, so no get, list or watch of
// the API ever returns these keys. Values are made create-only: two servers starting at once
// both try, one wins, both read the winner's.
import type { Etcd3 } from "etcd3";
import { UnavailableError } from "@skiff/api";
import { DEFAULT_ETCD_PREFIX } from "@skiff/store";
import { openValue, sealValue } from "./cluster-key.js";

/** Where a cluster's state lives for objects under `prefix` (`/skiff` -> `/skiff.cluster/`). */
export function clusterStateRoot(prefix: string = DEFAULT_ETCD_PREFIX): string {
  const trimmed = prefix.replace(/\/+$/, "");
  const base = trimmed === "" ? "" : trimmed.startsWith("/") ? trimmed : `/${trimmed}`;
  return `${base}.cluster/`;
}

export class EtcdClusterState {
  constructor(
    readonly client: Etcd3,
    /** `clusterStateRoot(prefix)`. */
    readonly root: string,
    private readonly key: Buffer,
    private readonly endpoints: string[],
  ) {}

  /** The stored value of `name`, or undefined. */
  async read(name: string): Promise<string | undefined> {
    return (await this.call(`read ${name}`, () => this.client.get(this.root + name).string())) ?? undefined;
  }

  /** The value of `name`: the one stored, or `make()`'s, stored only if no other server stored one first. */
  async readOrCreate(name: string, make: () => Promise<string>): Promise<{ value: string; made: boolean }> {
    const existing = await this.read(name);
    if (existing !== undefined) return { value: existing, made: false };
    const value = await make();
    const key = this.root + name;
    const result = await this.call(`create ${name}`, () =>
      this.client.if(key, "Create", "==", 0).then(this.client.put(key).value(value)).else(this.client.get(key)).commit(),
    );
    if (result.succeeded) return { value, made: true };
    const theirs = result.responses[0]?.response_range?.kvs[0]?.value.toString("utf8");
    if (theirs === undefined) throw new Error(`the cluster's ${name} in etcd was created and deleted at once; start again`);
    return { value: theirs, made: false };
  }

  /** Store `value` as `name`, whatever was there. */
  async write(name: string, value: string): Promise<void> {
    await this.call(`write ${name}`, () => this.client.put(this.root + name).value(value).exec());
  }

  /** Replace `name` with `change(current)`, compare-and-swap on the version read, retried on a race. */
  async replace(name: string, change: (current: string) => string): Promise<string> {
    const key = this.root + name;
    for (let attempt = 0; attempt < 10; attempt++) {
      const got = await this.call(`read ${name}`, () => this.client.get(key).exec());
      const kv = got.kvs[0];
      if (!kv) throw new Error(`the cluster's ${name} is not in etcd`);
      const next = change(kv.value.toString("utf8"));
      const result = await this.call(`replace ${name}`, () =>
        this.client.if(key, "Mod", "==", kv.mod_revision).then(this.client.put(key).value(next)).commit(),
      );
      if (result.succeeded) return next;
    }
    throw new Error(`the cluster's ${name} kept changing under this server; try again`);
  }

  seal(name: string, plaintext: string): string {
    return sealValue(this.key, name, plaintext);
  }

  open(name: string, sealed: string): string {
    return openValue(this.key, name, sealed);
  }

  /** An etcd call whose unreachable etcd is said in words naming the endpoints. */
  async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      const message = (err as Error).message;
      if (/UNAVAILABLE|DEADLINE|No connection|ECONNREFUSED/i.test(message) || (err as Error).name === "GRPCUnavailableError") {
        throw new UnavailableError(`etcd at ${this.endpoints.join(",")} does not answer (${what} of the cluster state): ${message}`, { cause: err });
      }
      throw err;
    }
  }
}
