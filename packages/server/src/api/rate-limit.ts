// Per-client request rate limits: a token bucket per client, refilled at `ratePerSecond` up to
// `burst`. A call over the limit is refused with RESOURCE_EXHAUSTED before any work is done;
// a watch or logs stream counts once, when it opens.
//
// Who is "a client": the bearer token when the call carries an `authorization` header (one
// identity, wherever it connects from), else the peer's IP address (its port changes with every
// connection, so it would let a client dodge its bucket by reconnecting). Tokens a client makes
// up must not buy it unlimited buckets, so every IP address also has an overall bucket,
// `perAddressFactor` times larger, shared by all the tokens it sends.
//
// The table of buckets is bounded: a bucket idle long enough to be full again says nothing and is
// dropped; past `maxClients`, the least recently seen go first (they start again with a full burst).
import * as grpc from "@grpc/grpc-js";
import { createHash } from "node:crypto";
import { SkiffError } from "@skiff/api";

export interface RateLimitConfig {
  /** Sustained requests per second per client; 0 turns rate limiting off. */
  ratePerSecond: number;
  /** Requests a client may make at once after being idle. */
  burst: number;
  /** An IP address may make this many times a client's rate, all its tokens together. */
  perAddressFactor: number;
  /** Most buckets kept at once. */
  maxClients: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitConfig = { ratePerSecond: 100, burst: 200, perAddressFactor: 10, maxClients: 10_000 };

/** A client went over its request rate: nothing was done; wait a little and try again. */
export class RateLimitedError extends SkiffError {
  readonly code = "RESOURCE_EXHAUSTED";
}

interface Bucket {
  tokens: number;
  at: number;
}

class Buckets {
  private readonly table = new Map<string, Bucket>();
  constructor(
    private readonly rate: number,
    private readonly burst: number,
    private readonly max: number,
  ) {}

  /** Take one token for `key` at time `now` (ms); false when the bucket is empty. */
  take(key: string, now: number): boolean {
    const b = this.table.get(key);
    const tokens = b ? Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.rate) : this.burst;
    const allowed = tokens >= 1;
    // Delete and set again: the Map's order is then least recently seen first.
    this.table.delete(key);
    this.table.set(key, { tokens: allowed ? tokens - 1 : tokens, at: now });
    if (this.table.size > this.max) this.evict(now);
    return allowed;
  }

  get size(): number {
    return this.table.size;
  }

  /**
   * Drop the buckets idle long enough to be full again; if still too many, the least recently
   * seen, down to 90% of the maximum so that the next few new clients do not sweep again.
   */
  private evict(now: number): void {
    const refillMs = (this.burst / this.rate) * 1000;
    for (const [key, b] of this.table) if (now - b.at >= refillMs) this.table.delete(key);
    const target = Math.floor(this.max * 0.9);
    for (const key of this.table.keys()) {
      if (this.table.size <= target) return;
      this.table.delete(key);
    }
  }
}

export class RateLimiter {
  private readonly clients: Buckets;
  private readonly addresses: Buckets;

  constructor(
    readonly config: RateLimitConfig = DEFAULT_RATE_LIMIT,
    private readonly clock: () => number = Date.now,
  ) {
    const { ratePerSecond: rate, burst, perAddressFactor: f, maxClients } = config;
    this.clients = new Buckets(rate, burst, maxClients);
    this.addresses = new Buckets(rate * f, burst * f, maxClients);
  }

  get enabled(): boolean {
    return this.config.ratePerSecond > 0;
  }

  /** Count one request; the error to answer with when the client is over its rate. */
  admit(client: { address: string; token?: string }): RateLimitedError | undefined {
    if (!this.enabled) return undefined;
    const now = this.clock();
    // The client's own bucket first: a client over its rate must not use up its address's.
    const ok = client.token
      ? this.clients.take(`token:${client.token}`, now) && this.addresses.take(client.address, now)
      : this.clients.take(`ip:${client.address}`, now);
    if (ok) return undefined;
    return new RateLimitedError(
      `rate limit exceeded: slow down (at most ${this.config.ratePerSecond} requests per second per client)`,
    );
  }

  /** Buckets held (for tests: it stays under maxClients). */
  get tracked(): number {
    return this.clients.size + this.addresses.size;
  }
}

/** The client of a call, as the limiter keys it. */
export function clientOf(call: { getPeer(): string; metadata: grpc.Metadata }): { address: string; token?: string } {
  const auth = call.metadata.get("authorization")[0];
  return clientKey(addressOf(call.getPeer()), auth === undefined ? undefined : typeof auth === "string" ? auth : auth.toString("base64"));
}

/** The limiter's key for a client at `address` sending this authorization header (any API edge). */
export function clientKey(address: string, authorization: string | undefined): { address: string; token?: string } {
  return { address, token: authorization === undefined ? undefined : digest(authorization) };
}

/** "127.0.0.1:5000", "::1:5000", "ipv6:[::1]:5000" -> the address without its port. */
export function addressOf(peer: string): string {
  const bare = peer.replace(/^ipv[46]:/, "");
  const bracketed = /^\[([^\]]*)\](?::\d+)?$/.exec(bare);
  if (bracketed) return bracketed[1] ?? bare;
  const i = bare.lastIndexOf(":");
  return i > 0 && /^\d+$/.test(bare.slice(i + 1)) ? bare.slice(0, i) : bare;
}

// The table keeps a digest, not the secret itself.
const digest = (token: string) => createHash("sha256").update(token).digest("base64url").slice(0, 22);

type Handler = (call: never, callback?: never) => void;

/**
 * The node protocol's limiter: its own buckets, so that no API client can starve the agents'
 * heartbeats, and ten times the API's rate, which agents (a heartbeat every 2 s, batched status
 * reports) never come near, while a flood of fake node calls is still slowed down.
 */
export function nodeRateLimit(api: RateLimitConfig): RateLimitConfig {
  return { ...api, ratePerSecond: api.ratePerSecond * 10, burst: api.burst * 10 };
}

const toStatus = (err: RateLimitedError): Partial<grpc.ServiceError> => ({ code: grpc.status.RESOURCE_EXHAUSTED, details: err.message });

/**
 * Wrap every handler of a service so each call is counted first; a call over the limit gets
 * RESOURCE_EXHAUSTED and the handler never runs.
 */
export function rateLimited<H extends object>(handlers: H, limiter: RateLimiter): H {
  if (!limiter.enabled) return handlers;
  const wrapped: Record<string, unknown> = {};
  for (const [name, handler] of Object.entries(handlers) as [string, Handler][]) {
    wrapped[name] = (call: grpc.ServerUnaryCall<unknown, unknown> & grpc.ServerWritableStream<unknown, unknown>, callback?: grpc.sendUnaryData<unknown>) => {
      const refused = limiter.admit(clientOf(call));
      if (!refused) return (handler as (c: unknown, cb?: unknown) => void)(call, callback);
      if (callback) return callback(toStatus(refused));
      call.emit("error", toStatus(refused));
    };
  }
  return wrapped as H;
}
