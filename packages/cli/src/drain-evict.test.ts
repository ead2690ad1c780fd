import { describe, expect, it } from "vitest";
import { DisruptionBudgetError, NotFoundError, type Pod } from "@skiff/api";
import { blockedMessage, evictAll, retryLine, type EvictDeps } from "./drain-evict.js";

const pod = (name: string): Pod => ({ apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "default" }, spec: { containers: [{ name: "c", image: "x" }] } });
const refusal = () => new DisruptionBudgetError("web-pdb", "The disruption budget web-pdb needs 2 healthy pods and has 2 currently");

/** Fake deps on a fake clock: `answers(name, attempt)` says what the server does with each eviction. */
function fake(answers: (name: string, attempt: number) => Error | undefined) {
  let clock = 0;
  const attempts = new Map<string, number>();
  const out: string[] = [];
  const err: string[] = [];
  const deps: EvictDeps = {
    evict: async (p) => {
      const n = (attempts.get(p.metadata.name) ?? 0) + 1;
      attempts.set(p.metadata.name, n);
      const e = answers(p.metadata.name, n);
      if (e) throw e;
    },
    sleep: async (ms) => void (clock += ms),
    now: () => clock,
    out: (l) => out.push(l),
    err: (l) => err.push(l),
  };
  return { deps, out, err, attempts, clock: () => clock };
}

describe("evictAll", () => {
  it("evicts each pod once when no budget objects", async () => {
    const f = fake(() => undefined);
    const outcome = await evictAll([pod("a"), pod("b")], Infinity, f.deps);
    expect(outcome.evicted.map((p) => p.metadata.name).sort()).toEqual(["a", "b"]);
    expect(outcome.blocked).toEqual([]);
    expect(f.out.sort()).toEqual(["evicting pod default/a", "evicting pod default/b"]);
  });

  it("retries a refused eviction every 5 s, printing kubectl's line, until the budget allows it", async () => {
    const f = fake((_, n) => (n <= 2 ? refusal() : undefined));
    const outcome = await evictAll([pod("web-a")], Infinity, f.deps);
    expect(outcome.evicted).toHaveLength(1);
    expect(f.err).toEqual([
      `error when evicting pods/"web-a" -n "default" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.`,
      `error when evicting pods/"web-a" -n "default" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.`,
    ]);
    expect(f.out).toEqual(["evicting pod default/web-a", "evicting pod default/web-a", "evicting pod default/web-a"]);
    expect(f.clock()).toBe(10_000);
  });

  it("gives up at the deadline, after one last try there, naming the budget; the other pods are evicted", async () => {
    const f = fake((name) => (name === "web-a" ? refusal() : undefined));
    const outcome = await evictAll([pod("web-a"), pod("db-0")], 12_000, f.deps);
    expect(outcome.evicted.map((p) => p.metadata.name)).toEqual(["db-0"]);
    expect(outcome.blocked.map((b) => [b.pod.metadata.name, b.budget])).toEqual([["web-a", "web-pdb"]]);
    expect(f.attempts.get("web-a")).toBe(4); // at 0, 5, 10 and 12 s
    expect(blockedMessage(outcome.blocked)).toBe(
      `cannot evict pods/"web-a" -n "default": the PodDisruptionBudget "web-pdb" allows no disruption (The disruption budget web-pdb needs 2 healthy pods and has 2 currently)`,
    );
  });

  it("returns the evicted pods in the order given, whichever answered first", async () => {
    const f = fake(() => undefined);
    const slow = { ...f.deps, evict: async (p: Pod) => void (p.metadata.name === "a" && (await new Promise((r) => setTimeout(r, 20)))) };
    expect((await evictAll([pod("a"), pod("b")], Infinity, slow)).evicted.map((p) => p.metadata.name)).toEqual(["a", "b"]);
  });

  it("counts a pod that is gone already as evicted", async () => {
    const f = fake(() => new NotFoundError('pods "a" not found'));
    expect((await evictAll([pod("a")], Infinity, f.deps)).evicted).toHaveLength(1);
  });

  it("fails on any other error, after every pod's loop has ended", async () => {
    const f = fake((name) => (name === "a" ? new Error("boom") : undefined));
    await expect(evictAll([pod("a"), pod("b")], Infinity, f.deps)).rejects.toThrow("boom");
    expect(f.attempts.get("b")).toBe(1);
  });

  it("words the retry line as kubectl does for another delay", () => {
    expect(retryLine(pod("x"), refusal(), 2_000)).toBe(`error when evicting pods/"x" -n "default" (will retry after 2s): Cannot evict pod as it would violate the pod's disruption budget.`);
  });
});
