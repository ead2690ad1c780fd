// The feed asks a sleeping watch only about commits of its kinds, wakes it only for those it
// concerns, and a woken watch skips what it slept through: each delivers what it would read itself.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { ApiObject } from "@skiff/api";
import { ChangeFeed } from "./change-feed.js";
import { History } from "./history.js";
import type { WatchEvent, WatchOptions } from "./types.js";
import { eventFor } from "./watch-filter.js";

const object = (kind: string, namespace: string, name: string): ApiObject => ({ apiVersion: "v1", kind, metadata: { name, namespace } }) as ApiObject;

/** A feed whose history keeps `capacity` changes, and a way to commit one object a revision. */
function feedOf(capacity: number) {
  const feed = new ChangeFeed(new History(capacity, 0));
  let revision = 0;
  const commit = (kind: string, namespace = "default") => {
    revision += 1;
    feed.publish({ revision, events: [{ type: "ADDED", object: object(kind, namespace, `o${revision}`) }] });
  };
  return { feed, commit };
}

/** Collect a watch's events in the background until the signal aborts. */
function collect(feed: ChangeFeed, options: Omit<WatchOptions, "signal">, signal: AbortSignal) {
  const seen: WatchEvent[] = [];
  const done = (async () => {
    for await (const ev of feed.watch({ ...options, signal })) seen.push(ev);
  })();
  return { seen, done };
}

const settle = () => new Promise((r) => setImmediate(r));
const revisions = (events: WatchEvent[]) => events.map((e) => e.revision);

describe("ChangeFeed wake-ups", () => {
  it("wakes no sleeping watch for commits of a kind it does not watch", async () => {
    const { feed, commit } = feedOf(100);
    const ac = new AbortController();
    const pods = collect(feed, { kind: "Pod", fromRevision: 0 }, ac.signal);
    await settle();
    for (let i = 0; i < 50; i++) {
      commit("Event");
      await settle();
    }
    expect(feed.wakeups).toBe(0);
    commit("Pod");
    await settle();
    expect(feed.wakeups).toBe(1);
    expect(revisions(pods.seen)).toEqual([51]);
    ac.abort();
    await pods.done;
  });

  it("asks none of a thousand sleeping watches of one kind about a commit of another, and only they about theirs", async () => {
    const { feed, commit } = feedOf(100);
    const ac = new AbortController();
    const nodes = Array.from({ length: 1000 }, (_, i) => collect(feed, { kinds: ["Pod", "Secret"], filter: (o) => o.metadata.name === `node-${i}`, fromRevision: 0 }, ac.signal));
    const everything = collect(feed, { fromRevision: 0 }, ac.signal);
    await settle();
    commit("Event");
    await settle();
    expect(feed.asked).toBe(1); // the watch of every kind
    commit("Pod");
    await settle();
    expect(feed.asked).toBe(1 + 1001);
    expect(nodes.every((n) => n.seen.length === 0)).toBe(true);
    expect(revisions(everything.seen)).toEqual([1, 2]);
    ac.abort();
    await Promise.all([...nodes, everything].map((w) => w.done));
  });

  it("asks a node's sleeping watch only about Pods bound to that node, or moved away from it", async () => {
    const feed = new ChangeFeed(new History(100, 0));
    const ac = new AbortController();
    const watches = ["n1", "n2", "n3"].map((node) => collect(feed, { kinds: ["Pod", "Service"], node, fromRevision: 0 }, ac.signal));
    await settle();
    const pod = (revision: number, nodeName?: string) => ({ ...object("Pod", "default", `p${revision}`), spec: { nodeName } }) as ApiObject;
    feed.publish({ revision: 1, events: [{ type: "ADDED", object: pod(1) }] });
    await settle();
    expect(feed.asked).toBe(0); // unbound: no node's business
    feed.publish({ revision: 2, events: [{ type: "MODIFIED", object: pod(2, "n1") }] });
    await settle();
    expect(feed.asked).toBe(1);
    feed.publish({ revision: 3, events: [{ type: "MODIFIED", object: pod(3, "n2"), prevNodeName: "n1" }] });
    await settle();
    expect(feed.asked).toBe(3);
    feed.publish({ revision: 4, events: [{ type: "ADDED", object: object("Service", "default", "s") }] });
    await settle();
    expect(feed.asked).toBe(6);
    expect(watches.map((w) => revisions(w.seen))).toEqual([[2, 3, 4], [3, 4], [4]]);
    ac.abort();
    await Promise.all(watches.map((w) => w.done));
  });

  it("does not expire a watch that slept through more commits of other kinds than the history keeps", async () => {
    const { feed, commit } = feedOf(3);
    const ac = new AbortController();
    const pods = collect(feed, { kinds: ["Pod"], namespace: "default", fromRevision: 0 }, ac.signal);
    await settle();
    for (let i = 0; i < 10; i++) commit("Event");
    commit("Pod", "other");
    commit("Pod");
    await settle();
    expect(revisions(pods.seen)).toEqual([12]);
    ac.abort();
    await pods.done;
  });

  it("never moves a watch that starts ahead of the store back to older revisions", async () => {
    const { feed, commit } = feedOf(100);
    const ac = new AbortController();
    const pods = collect(feed, { kind: "Pod", fromRevision: 3 }, ac.signal);
    await settle();
    commit("Event");
    commit("Pod");
    commit("Pod");
    commit("Pod");
    await settle();
    expect(revisions(pods.seen)).toEqual([4]);
    ac.abort();
    await pods.done;
  });

  it("asks a sleeping watch's filter at the commit and wakes it only for what the filter accepts", async () => {
    const { feed, commit } = feedOf(100);
    const ac = new AbortController();
    const mine = collect(feed, { kind: "Pod", filter: (o) => o.metadata.namespace === "mine", fromRevision: 0 }, ac.signal);
    await settle();
    for (let i = 0; i < 20; i++) {
      commit("Pod", "theirs");
      await settle(); // a woken watch would go back to sleep before the next commit
    }
    commit("Pod", "mine");
    await settle();
    expect(feed.wakeups).toBe(1);
    expect(revisions(mine.seen)).toEqual([21]);
    ac.abort();
    await mine.done;
  });

  it("ends a watch whose filter throws with that error, and the commit still succeeds", async () => {
    const { feed, commit } = feedOf(100);
    const broken = collect(feed, { kind: "Pod", filter: () => { throw new Error("broken filter"); }, fromRevision: 0 }, new AbortController().signal);
    await settle();
    commit("Pod");
    await expect(broken.done).rejects.toThrow("broken filter");
    expect(feed.history.latest).toBe(1);
  });

  it("delivers to each watch exactly the changes it would read itself, whatever the commits and pauses", async () => {
    const kinds = ["Pod", "Event", "Node"];
    const namespaces = ["a", "b"];
    const nodes = ["n1", "n2"];
    const scope = fc.record({
      node: fc.option(fc.constantFrom(...nodes), { nil: undefined }),
      kind: fc.option(fc.constantFrom(...kinds), { nil: undefined }),
      kinds: fc.option(fc.subarray(kinds), { nil: undefined }),
      namespace: fc.option(fc.constantFrom(...namespaces), { nil: undefined }),
    });
    const step = fc.oneof(
      // A Pod may be bound, and a write may move it from another node (prevNodeName).
      fc.record({ commit: fc.constantFrom(...kinds), namespace: fc.constantFrom(...namespaces), node: fc.option(fc.constantFrom(...nodes), { nil: undefined }), from: fc.option(fc.constantFrom(...nodes), { nil: undefined }) }),
      fc.constant({ pause: true as const }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(scope, { minLength: 1, maxLength: 4 }), fc.array(step, { maxLength: 40 }), fc.nat(5), async (scopes, steps, from) => {
        // The history keeps them all: this property is about what is delivered, not expiry.
        const feed = new ChangeFeed(new History(1000, 0));
        const ac = new AbortController();
        // Each watch's interest changes as it reads: it takes Nodes only after an odd number of events.
        const watches = scopes.map((s) => {
          const options = { ...s, fromRevision: from, filter: (o: ApiObject) => o.kind !== "Node" || w.seen.length % 2 === 1 };
          const w = { options, ...collect(feed, options, ac.signal) };
          return w;
        });
        let revision = 0;
        for (const s of steps) {
          if ("pause" in s) await settle();
          else {
            revision += 1;
            const o = object(s.commit, s.namespace, `o${revision}`);
            if (s.node) Object.assign(o, { spec: { nodeName: s.node } });
            const moved = s.commit === "Pod" && s.from && s.from !== s.node;
            feed.publish({ revision, events: [moved ? { type: "MODIFIED", object: o, prevNodeName: s.from } : { type: "ADDED", object: o }] });
          }
        }
        await settle();
        for (const w of watches) {
          const expected: number[] = [];
          for (let r = from + 1; r <= revision; r++) {
            const change = feed.history.at(r)!;
            const wanted = (o: ApiObject) => o.kind !== "Node" || expected.length % 2 === 1;
            if (change.events.some((e) => eventFor(e, r, w.options) && wanted(e.object))) expected.push(r);
          }
          expect(revisions(w.seen)).toEqual(expected);
        }
        ac.abort();
        await Promise.all(watches.map((w) => w.done));
      }),
      { numRuns: 200 },
    );
  });
});
