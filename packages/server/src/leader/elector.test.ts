// The election loop on a fake clock against a fake etcd: one shared key whose lease etcd expires
// TTL after the last keepalive it received. Each server's "work" records when it ran, so the
// tests can check that two terms never overlap.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { whenAborted } from "@skiff/api";
import { createLogger } from "../log.js";
import { DEFAULT_ELECTION_TIMING as T } from "./election-plan.js";
import type { Fence } from "@skiff/store";
import { LeaderElector, LocalElection, type ElectionBackend } from "./elector.js";

const log = createLogger("silent");

class FakeEtcd {
  holder: { identity: string; lease: number; expiresAt: number } | undefined;
  private nextLease = 1;
  readonly fences = new Map<number, Fence>();
  private expire() {
    if (this.holder && Date.now() >= this.holder.expiresAt) this.holder = undefined;
  }
  client(): ElectionBackend & { reachable: boolean; hang: boolean; resigned: number } {
    const etcd = this;
    let lease: number | undefined;
    const c = {
      reachable: true,
      hang: false,
      resigned: 0,
      async campaign(identity: string) {
        if (!c.reachable) throw new Error("etcd does not answer");
        etcd.expire();
        if (etcd.holder) return { won: false, holder: etcd.holder.identity };
        lease = etcd.nextLease++;
        etcd.holder = { identity, lease, expiresAt: Date.now() + T.ttlMs };
        return { won: true, holder: identity };
      },
      async renew() {
        if (c.hang) return new Promise<boolean>(() => {});
        if (!c.reachable) throw new Error("etcd does not answer");
        etcd.expire();
        if (!etcd.holder || etcd.holder.lease !== lease) return false;
        etcd.holder.expiresAt = Date.now() + T.ttlMs;
        return true;
      },
      async resign() {
        c.resigned++;
        if (etcd.holder?.lease === lease) etcd.holder = undefined;
      },
      abandon() {
        lease = undefined;
      },
      close() {},
      // One fence object per lease (a term), as EtcdLeaderKey gives one per won campaign.
      fence() {
        if (lease === undefined) return undefined;
        if (!etcd.fences.has(lease)) etcd.fences.set(lease, { key: "/leader", createRevision: lease, identity: "?" });
        return etcd.fences.get(lease);
      },
    };
    return c;
  }
}

interface Span {
  who: string;
  from: number;
  to?: number;
}

function server(etcd: FakeEtcd, who: string, spans: Span[], work?: (signal: AbortSignal, fence: Fence | undefined) => Promise<void>) {
  const backend = etcd.client();
  const elector = new LeaderElector(backend, who, T, work ?? (async (signal) => {
    const span: Span = { who, from: Date.now() };
    spans.push(span);
    await whenAborted(signal);
    span.to = Date.now();
  }), log);
  const stop = new AbortController();
  const done = elector.start(stop.signal);
  return { backend, elector, stop, done };
}

/** Whether any two spans overlap in time (an open span lasts until now). */
function overlapping(spans: Span[]): boolean {
  const sorted = [...spans].sort((a, b) => a.from - b.from);
  return sorted.some((s, i) => i > 0 && (sorted[i - 1]!.to ?? Infinity) > s.from);
}

beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
afterEach(() => vi.useRealTimers());

describe("leader election", () => {
  it("elects exactly one of three servers", async () => {
    const etcd = new FakeEtcd();
    const spans: Span[] = [];
    const servers = ["a", "b", "c"].map((n) => server(etcd, n, spans));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(servers.filter((s) => s.elector.leading)).toHaveLength(1);
    expect(spans).toHaveLength(1);
    for (const s of servers) s.stop.abort();
    await Promise.all(servers.map((s) => s.done));
  });

  it("steps down at once when the store refuses a write of its term (fencing), not for an older term's", async () => {
    const etcd = new FakeEtcd();
    const spans: Span[] = [];
    const fences: (Fence | undefined)[] = [];
    const a = server(etcd, "a", spans, async (signal, fence) => {
      fences.push(fence);
      const span: Span = { who: "a", from: Date.now() };
      spans.push(span);
      await whenAborted(signal);
      span.to = Date.now();
    });
    await vi.advanceTimersByTimeAsync(100);
    expect(a.elector.leading).toBe(true);
    const term = fences[0]!;
    expect(term).toBe(a.backend.fence?.());
    a.elector.lost({ ...term }); // another term's fence (not this one): ignored
    await vi.advanceTimersByTimeAsync(0);
    expect(a.elector.leading).toBe(true);
    a.elector.lost(term);
    await vi.advanceTimersByTimeAsync(0);
    expect(a.elector.leading).toBe(false);
    expect(spans[0]!.to).toBeDefined(); // the term's work was stopped, without waiting for a timer
    a.stop.abort();
    await a.done;
  });

  it("a leader cut off from etcd stops its work before its lease expires; another takes over after", async () => {
    const etcd = new FakeEtcd();
    const spans: Span[] = [];
    const a = server(etcd, "a", spans);
    await vi.advanceTimersByTimeAsync(100);
    const b = server(etcd, "b", spans);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(a.elector.leading).toBe(true);
    const cutAt = Date.now();
    a.backend.reachable = false;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(a.elector.leading).toBe(false);
    expect(b.elector.leading).toBe(true);
    expect(spans.map((s) => s.who)).toEqual(["a", "b"]);
    expect(overlapping(spans)).toBe(false);
    // b took over within TTL + a retry interval of a's last renewal.
    expect(spans[1]!.from - cutAt).toBeLessThanOrEqual(T.ttlMs + T.retryIntervalMs);
    a.stop.abort();
    b.stop.abort();
    await Promise.all([a.done, b.done]);
  });

  it("a keepalive that hangs does not keep the work running past the deadline", async () => {
    const etcd = new FakeEtcd();
    const spans: Span[] = [];
    const a = server(etcd, "a", spans);
    await vi.advanceTimersByTimeAsync(2_000);
    a.backend.hang = true;
    const hungAt = Date.now();
    await vi.advanceTimersByTimeAsync(T.renewDeadlineMs + 100);
    expect(a.elector.leading).toBe(false);
    // The last renewal that succeeded was sent at or before hungAt: the work stopped within the deadline of it.
    expect(spans[0]!.to! - hungAt).toBeLessThanOrEqual(T.renewDeadlineMs);
    a.stop.abort();
  });

  it("loses and regains the lead again and again in one process, with a fresh term each time", async () => {
    const etcd = new FakeEtcd();
    const spans: Span[] = [];
    const a = server(etcd, "a", spans);
    for (let round = 0; round < 3; round++) {
      await vi.advanceTimersByTimeAsync(2_000);
      expect(a.elector.leading).toBe(true);
      a.backend.reachable = false;
      await vi.advanceTimersByTimeAsync(T.ttlMs + 1_000);
      expect(a.elector.leading).toBe(false);
      a.backend.reachable = true;
    }
    await vi.advanceTimersByTimeAsync(2_000);
    expect(spans).toHaveLength(4);
    expect(spans.slice(0, 3).every((s) => s.to !== undefined)).toBe(true);
    expect(overlapping(spans)).toBe(false);
    a.stop.abort();
    await a.done;
  });

  it("on shutdown stops its work, then resigns, and a follower leads within a retry interval", async () => {
    const etcd = new FakeEtcd();
    const spans: Span[] = [];
    const a = server(etcd, "a", spans);
    await vi.advanceTimersByTimeAsync(100);
    const b = server(etcd, "b", spans);
    await vi.advanceTimersByTimeAsync(3_000);
    const stopAt = Date.now();
    a.stop.abort();
    await vi.advanceTimersByTimeAsync(0);
    await a.done;
    expect(a.backend.resigned).toBe(1);
    await vi.advanceTimersByTimeAsync(T.retryIntervalMs);
    expect(b.elector.leading).toBe(true);
    expect(spans[1]!.from - stopAt).toBeLessThanOrEqual(T.retryIntervalMs);
    expect(overlapping(spans)).toBe(false);
    b.stop.abort();
    await b.done;
  });

  it("a failed leader component fails the election loop (and so the server), after resigning", async () => {
    const etcd = new FakeEtcd();
    const a = server(etcd, "a", [], async () => {
      throw new Error("scheduler broke");
    });
    const outcome = a.done.catch((err: Error) => err.message);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await outcome).toBe("scheduler broke");
    expect(a.backend.resigned).toBe(1);
  });

  it("a single server (LocalElection) leads at once and never steps down, even when its renewals stall", async () => {
    const spans: Span[] = [];
    // Its renewals hang, as they would behind an event loop stalled for seconds: no deadline applies.
    const stalled = Object.assign(new LocalElection(), { renew: () => new Promise<boolean>((r) => setTimeout(() => r(true), 30_000)) });
    const elector = new LeaderElector(stalled, "solo", T, async (signal) => {
      spans.push({ who: "solo", from: Date.now() });
      await whenAborted(signal);
    }, log);
    const stop = new AbortController();
    const done = elector.start(stop.signal);
    await vi.advanceTimersByTimeAsync(0);
    expect(elector.leading).toBe(true);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(elector.leading).toBe(true);
    expect(spans).toHaveLength(1);
    stop.abort();
    await vi.advanceTimersByTimeAsync(30_000);
    await done;
  });
});
