import * as grpc from "@grpc/grpc-js";
import { describe, expect, it } from "vitest";
import { RateLimiter, addressOf, clientOf } from "./rate-limit.js";

const config = { ratePerSecond: 10, burst: 20, perAddressFactor: 3, maxClients: 100 };

function limiterAt(start = 0) {
  let now = start;
  const limiter = new RateLimiter(config, () => now);
  return { limiter, advance: (ms: number) => (now += ms) };
}

const count = (limiter: RateLimiter, client: { address: string; token?: string }, n: number) =>
  Array.from({ length: n }, () => limiter.admit(client)).filter((e) => e === undefined).length;

describe("RateLimiter", () => {
  it("lets a burst through, then the sustained rate, and says slow down", () => {
    const { limiter, advance } = limiterAt();
    const c = { address: "10.0.0.1" };
    expect(count(limiter, c, 25)).toBe(20);
    expect(limiter.admit(c)?.message).toBe("rate limit exceeded: slow down (at most 10 requests per second per client)");
    advance(1000);
    expect(count(limiter, c, 25)).toBe(10);
  });

  it("keeps clients apart: one client's flood does not slow another", () => {
    const { limiter } = limiterAt();
    count(limiter, { address: "10.0.0.1" }, 100);
    expect(count(limiter, { address: "10.0.0.2" }, 5)).toBe(5);
    count(limiter, { address: "10.0.0.3", token: "a" }, 100);
    expect(count(limiter, { address: "10.0.0.3", token: "b" }, 5)).toBe(5);
  });

  it("bounds what tokens made up on one address can do together", () => {
    const { limiter } = limiterAt();
    let allowed = 0;
    for (let i = 0; i < 200; i++) allowed += count(limiter, { address: "10.0.0.9", token: `t${i}` }, 1);
    expect(allowed).toBe(60); // the address's bucket: burst 20 x 3
  });

  it("keeps at most maxClients buckets", () => {
    const { limiter } = limiterAt();
    for (let i = 0; i < 1000; i++) limiter.admit({ address: `10.1.${i >> 8}.${i & 255}` });
    expect(limiter.tracked).toBeLessThanOrEqual(config.maxClients);
  });

  it("is off at rate 0", () => {
    const limiter = new RateLimiter({ ...config, ratePerSecond: 0 });
    expect(count(limiter, { address: "x" }, 1000)).toBe(1000);
  });
});

describe("clientOf", () => {
  it("keys by address without the port, and by a digest of the bearer token", () => {
    expect(addressOf("127.0.0.1:5000")).toBe("127.0.0.1");
    expect(addressOf("::1:5000")).toBe("::1");
    expect(addressOf("ipv6:[::1]:5000")).toBe("::1");
    expect(addressOf("/tmp/socket")).toBe("/tmp/socket");
    const md = new grpc.Metadata();
    md.set("authorization", "Bearer secret");
    const c = clientOf({ getPeer: () => "10.0.0.1:4000", metadata: md });
    expect(c.address).toBe("10.0.0.1");
    expect(c.token).toBeDefined();
    expect(c.token).not.toContain("secret");
  });
});
