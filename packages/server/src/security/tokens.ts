// Join tokens and API tokens, kept in one file of the data dir (`tokens.json`, 0600) as hashes:
// the secret is shown once, when made, and never stored. They live outside the object store on
// purpose: no API call (a get, a list, a watch of every kind) can ever return them.
//
// A join token lets an agent get its first certificate (nodes/grpc-service.ts, Join); once it
// has one, revoking the token does not cut it off (as Kubernetes' bootstrap tokens and Swarm's
// join tokens). An API token is a bearer token for the API; the server makes an admin token
// (no expiry) on first start and writes it to the client config.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { hashSecret, newTokenId, newTokenSecret, parseJoinToken, secretMatches } from "@skiff/api";
import { writeSecretFile } from "./ca.js";

export type TokenUsage = "join" | "api";

export interface TokenRecord {
  id: string;
  usage: TokenUsage;
  /** sha256 of the secret, hex. */
  secretHash: string;
  created: string;
  /** RFC 3339; absent: never expires. */
  expires?: string;
  /** Agents that joined with it. */
  usages: number;
  description?: string;
  /** The user an API token authenticates as; absent (the admin token, and every token made before users existed): `skiff:admin`. */
  user?: string;
  /** The user's groups (beside `system:authenticated`, which every user has). */
  groups?: string[];
}

/** The user of the admin token and of API tokens that name none (docs/security.md). */
export const ADMIN_TOKEN_USER = "skiff:admin";

/** Who an API token authenticates as. A token naming no user is the admin, in `system:masters` as Kubernetes' admin is. */
export function tokenUser(record: Pick<TokenRecord, "user" | "groups">): { name: string; groups: string[] } {
  if (!record.user) return { name: ADMIN_TOKEN_USER, groups: ["system:masters", "system:authenticated"] };
  return { name: record.user, groups: [...new Set([...(record.groups ?? []), "system:authenticated"])] };
}

/** Why a token was refused: said to the caller, and logged (never with the token). */
export type TokenRefusal = "malformed token" | "unknown token" | "wrong token" | "expired token" | "token of the wrong kind";

export const TOKEN_FILE = "tokens.json";

/**
 * Where the records are kept: the whole file in the data dir, or one key per token in etcd
 * (cluster/etcd-tokens.ts). `change` is what this call changed, for a store that writes per token.
 */
export interface TokenPersistence {
  save(all: readonly TokenRecord[], change: { put: TokenRecord } | { deleted: string }): Promise<void>;
}
export const DEFAULT_JOIN_TOKEN_TTL_MS = 24 * 3600_000;

export class TokenStore {
  // One write at a time, in call order (a promise chain, as the store's own Mutex).
  private tail: Promise<unknown> = Promise.resolve();
  private readonly lock = {
    run: <T>(fn: () => Promise<T>): Promise<T> => {
      const result = this.tail.then(fn);
      this.tail = result.catch(() => undefined);
      return result;
    },
  };

  /** ServiceAccount tokens (JWTs), judged apart from these records (serviceaccounts/authenticator.ts). */
  serviceAccounts?: {
    authenticate(token: string): { user: { name: string; groups: string[] } } | { refusal: { reason: string; message: string } };
  };

  constructor(
    private readonly persist: TokenPersistence,
    private records: TokenRecord[],
    private readonly clock: () => number = Date.now,
  ) {}

  /** The tokens of `tokens.json` in the data dir (one server, LevelDB). */
  static async open(dataDir: string, clock: () => number = Date.now): Promise<TokenStore> {
    const path = join(dataDir, TOKEN_FILE);
    let records: TokenRecord[] = [];
    try {
      records = (JSON.parse(await readFile(path, "utf8")) as { tokens: TokenRecord[] }).tokens;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw new Error(`cannot read the token file ${path}: ${(err as Error).message}`);
    }
    const persist: TokenPersistence = { save: (all) => writeSecretFile(path, `${JSON.stringify({ tokens: all }, null, 2)}\n`) };
    return new TokenStore(persist, records, clock);
  }

  /** What another server did, seen in the shared store (cluster/etcd-tokens.ts): keep the cache in step. */
  observed(change: { put: TokenRecord } | { deleted: string } | { all: TokenRecord[] }): void {
    if ("all" in change) this.records = [...change.all];
    else if ("put" in change) this.records = [...this.records.filter((r) => r.id !== change.put.id), change.put];
    else this.records = this.records.filter((r) => r.id !== change.deleted);
  }

  /** Make a token; the returned `<id>.<secret>` is the only time the secret exists outside the caller. */
  async create(usage: TokenUsage, options: { ttlMs?: number; description?: string; user?: string; groups?: string[] } = {}): Promise<{ token: string; record: TokenRecord }> {
    return this.lock.run(async () => {
      let id = newTokenId();
      while (this.records.some((r) => r.id === id)) id = newTokenId();
      const secret = newTokenSecret();
      const now = this.clock();
      const ttlMs = options.ttlMs ?? (usage === "join" ? DEFAULT_JOIN_TOKEN_TTL_MS : undefined);
      const record: TokenRecord = {
        id,
        usage,
        secretHash: hashSecret(secret),
        created: new Date(now).toISOString(),
        ...(ttlMs ? { expires: new Date(now + ttlMs).toISOString() } : {}),
        usages: 0,
        ...(options.description ? { description: options.description } : {}),
        ...(options.user ? { user: options.user, ...(options.groups?.length ? { groups: options.groups } : {}) } : {}),
      };
      this.records = [...this.records, record];
      await this.persist.save(this.records, { put: record });
      return { token: `${id}.${secret}`, record };
    });
  }

  /** The tokens, expired ones included (until revoked), without their hashes. */
  list(): Omit<TokenRecord, "secretHash">[] {
    return this.records.map(({ secretHash: _, ...rest }) => rest);
  }

  /** Every record, hashes included: for copying them to another place (cluster/etcd-tokens.ts). */
  snapshot(): TokenRecord[] {
    return [...this.records];
  }

  /** Forget a token; false when there was none with that id. */
  async revoke(id: string): Promise<boolean> {
    return this.lock.run(async () => {
      const before = this.records.length;
      this.records = this.records.filter((r) => r.id !== id);
      if (this.records.length === before) return false;
      await this.persist.save(this.records, { deleted: id });
      return true;
    });
  }

  /** Check a presented token: its record, or why it is refused. */
  verify(text: string, usage: TokenUsage): { record: TokenRecord } | { refused: TokenRefusal } {
    return verifyToken(this.records, text, usage, this.clock());
  }

  /** Count one more agent joined with this token. */
  async used(id: string): Promise<void> {
    await this.lock.run(async () => {
      this.records = this.records.map((r) => (r.id === id ? { ...r, usages: r.usages + 1 } : r));
      const record = this.records.find((r) => r.id === id);
      if (record) await this.persist.save(this.records, { put: record });
    });
  }
}

/** The decision alone, for tests: which record a token is, or why it is refused at time `now`. */
export function verifyToken(records: readonly TokenRecord[], text: string, usage: TokenUsage, now: number): { record: TokenRecord } | { refused: TokenRefusal } {
  let id: string;
  let secret: string;
  try {
    ({ id, secret } = parseJoinToken(text));
  } catch {
    return { refused: "malformed token" };
  }
  const record = records.find((r) => r.id === id);
  if (!record) return { refused: "unknown token" };
  if (!secretMatches(secret, record.secretHash)) return { refused: "wrong token" };
  if (record.usage !== usage) return { refused: "token of the wrong kind" };
  if (record.expires && Date.parse(record.expires) <= now) return { refused: "expired token" };
  return { record };
}
