// The node lifecycle loop against a real store: a silent node turns NotReady at its deadline, its
// pods are failed after the eviction timeout, it comes back Ready; and the loop never lists the store.
import { afterEach, describe, expect, it } from "vitest";
import type { ApiObject, Lease, Node, Pod } from "@skiff/api";
import type { Store } from "@skiff/store";
import { SharedInformers } from "../controllers/framework/shared-informers.js";
import { eventually, silentLog, tempStore } from "../informer/test-support.js";
import { Dispatcher } from "./dispatcher.js";
import { NodeLifecycle } from "./lifecycle.js";
import type { LifecycleConfig } from "./lifecycle-plan.js";
import { isReady } from "./node-object.js";
import { leaseRenewedAt, NODE_LEASE_NAMESPACE, renewNodeLeases } from "./node-leases.js";
import { testRegistration } from "./test-registration.js";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const reg = testRegistration;

const pod = (name: string, nodeName: string): Pod => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: "default", uid: `uid-${name}` },
  spec: { nodeName, containers: [{ name: "c", image: "i" }] },
  status: { phase: "Running" },
});

// Grace 3 x 100 ms, eviction 300 ms after that: room for a loaded machine's event loop next to 40 ms heartbeats.
async function setup(config: LifecycleConfig = { heartbeatPeriodMs: 100, graceMultiplier: 3, evictionTimeoutMs: 300 }, clock?: () => Date, o: { leaseEventsLost?: boolean } = {}) {
  const t = await tempStore();
  cleanups.push(t.close);
  let lists = 0;
  const counting: Store = Object.create(t.store) as Store;
  counting.list = (kind, options) => {
    lists++;
    return t.store.list(kind, options);
  };
  // The informers' watch never brings a node Lease: their cache lags the store as far as it can.
  if (o.leaseEventsLost) {
    counting.watch = (options) => ({
      async *[Symbol.asyncIterator]() {
        for await (const event of t.store.watch(options)) if (event.object.kind !== "Lease") yield event;
      },
    });
  }
  // Events as recorded: "<Kind>/<name> <type> <reason>".
  const events: string[] = [];
  const recorder = { record: (o: ApiObject, type: string, reason: string) => void events.push(`${o.kind}/${o.metadata.name} ${type} ${reason}`) };
  const dispatcher = new Dispatcher(t.store, config, silentLog, { agent: recorder, nodes: recorder }, clock);
  const informers = new SharedInformers(counting, silentLog, { freeze: true });
  const lifecycle = new NodeLifecycle(t.store, dispatcher, informers, silentLog, clock, recorder);
  const ac = new AbortController();
  informers.start(ac.signal);
  const running = lifecycle.start(ac.signal);
  cleanups.push(async () => {
    ac.abort();
    await running;
  });
  await informers.synced();
  const listsAtStart = () => lists;
  return { store: t.store, dispatcher, lifecycle, informers, listsAtStart, events };
}

describe("NodeLifecycle", () => {
  it("tells nodes a longer period past the heartbeat rate, and gives each the grace of the period it was told", async () => {
    // 2 nodes at most 5 heartbeats a second: 400 ms each, grace 1.2 s (not 3 x 100 ms).
    const { store, dispatcher } = await setup({ heartbeatPeriodMs: 100, graceMultiplier: 3, evictionTimeoutMs: 300, maxHeartbeatsPerSecond: 5 });
    const one = await dispatcher.register(reg("n1"));
    const two = await dispatcher.register(reg("n2"));
    expect([one.periodMs, two.periodMs]).toEqual([200, 400]);
    expect(await dispatcher.heartbeat(one.session.id)).toBe(400);
    const silentSince = Date.now();
    const beat = setInterval(() => void dispatcher.heartbeat(one.session.id).catch(() => undefined), 350);
    cleanups.push(() => clearInterval(beat));
    const node = async (n: string) => (await store.get({ kind: "Node", name: n })) as Node;
    await new Promise((r) => setTimeout(r, 700));
    expect(isReady(await node("n2"))).toBe(true); // past 3 x 100 ms, within the 3 x 400 ms it was told
    await eventually(async () => !isReady(await node("n2")), 3_000, "n2 NotReady");
    expect(Date.now() - silentSince).toBeGreaterThanOrEqual(1_000);
    expect(isReady(await node("n1"))).toBe(true); // a beat every 350 ms is within its 400 ms period
  });

  it("marks a silent node NotReady, fails its pods after the eviction timeout, and lets it come back", async () => {
    const { store, dispatcher, listsAtStart, events } = await setup();
    const listsBefore = listsAtStart();
    const { session } = await dispatcher.register(reg("n1"));
    await dispatcher.register(reg("n2"));
    await store.commit([{ type: "create", object: pod("a", "n1") }, { type: "create", object: pod("b", "n2") }]);
    const node = async (n: string) => (await store.get({ kind: "Node", name: n })) as Node;
    const phase = async (p: string) => ((await store.get({ kind: "Pod", namespace: "default", name: p })) as Pod).status?.phase;

    // n1 keeps sending heartbeats; n2 goes silent.
    const beat = setInterval(() => void dispatcher.heartbeat(session.id).catch(() => undefined), 40);
    cleanups.push(() => clearInterval(beat));
    await eventually(async () => !isReady(await node("n2")), 2_000, "n2 NotReady");
    expect(isReady(await node("n1"))).toBe(true);
    expect(await phase("b")).toBe("Running"); // within the eviction timeout
    await eventually(async () => (await phase("b")) === "Failed", 2_000, "b failed");
    expect(await phase("a")).toBe("Running");

    // A pod bound to the lost node afterwards is failed on its own event.
    await store.create(pod("c", "n2"));
    await eventually(async () => (await phase("c")) === "Failed", 2_000, "c failed");

    // Each step has its Event: the node going NotReady, each pod failed with it.
    expect(events).toEqual(["Node/n2 Warning NodeNotReady", "Pod/b Warning NodeNotReady", "Pod/c Warning NodeNotReady"]);

    // n2 comes back: Ready again (an Event says so), and watched again (silent again -> NotReady again).
    const again = await dispatcher.register(reg("n2"));
    expect(events.at(-1)).toBe("Node/n2 Normal NodeReady");
    await dispatcher.heartbeat(again.session.id);
    await eventually(async () => !isReady(await node("n2")), 2_000, "n2 NotReady a second time");

    // Everything above came from events and timers: the store was listed only by the informers' first lists.
    expect(listsAtStart()).toBe(listsBefore);
  });

  it("counts from its own start, not the server's boot: a slow start evicts nobody at once", async () => {
    const t = await tempStore();
    cleanups.push(t.close);
    const dispatcher = new Dispatcher(t.store, { heartbeatPeriodMs: 100, graceMultiplier: 3, evictionTimeoutMs: 400 }, silentLog);
    await dispatcher.register(reg("n1")); // the node as the previous server run left it (Ready)
    const restarted = new Dispatcher(t.store, dispatcher.config, silentLog);
    await t.store.create(pod("a", "n1"));
    await new Promise((r) => setTimeout(r, 900)); // booting (certificates...): longer than grace + eviction (700 ms)
    const informers = new SharedInformers(t.store, silentLog);
    const ac = new AbortController();
    informers.start(ac.signal);
    const loopStarted = Date.now();
    const running = new NodeLifecycle(t.store, restarted, informers, silentLog).start(ac.signal);
    cleanups.push(async () => {
      ac.abort();
      await running;
    });
    const phase = async () => ((await t.store.get({ kind: "Pod", namespace: "default", name: "a" })) as Pod).status?.phase;
    await eventually(async () => (await phase()) === "Failed", 3_000, "failed once grace and eviction passed");
    // Not at once (the node was silent 900 ms by the server's boot): grace (300 ms) + eviction (400 ms) from the loop's start.
    expect(Date.now() - loopStarted).toBeGreaterThanOrEqual(700);
    const ready = ((await t.store.get({ kind: "Node", name: "n1" })) as Node).status?.conditions?.find((c) => c.type === "Ready");
    expect(Date.parse(ready?.lastTransitionTime ?? "") - loopStarted).toBeGreaterThanOrEqual(300 - 5);
  });

  // The two tests below drive the loop's clock, shared by every server, by hand and call its check
  // directly: "still Ready" is proven at a chosen instant, never by sleeping.
  const drivenClock = () => {
    const at = { ms: Date.parse("2026-01-01T00:00:00Z") };
    return { at, clock: () => new Date(at.ms) };
  };
  const LIFECYCLE = { heartbeatPeriodMs: 100, graceMultiplier: 3, evictionTimeoutMs: 5_000 }; // grace 300 ms

  it("counts a node registered through another server from its registration, before that server's first Lease", async () => {
    const { at, clock } = drivenClock();
    const { store, dispatcher: leader, lifecycle, informers } = await setup(LIFECYCLE, clock);
    // The leader's loop has run longer than a grace period when n1 joins elsewhere.
    at.ms += 400;
    const follower = new Dispatcher(store, leader.config, silentLog, undefined, clock);
    await follower.register(reg("n1"));
    await eventually(() => informers.for<Node>("Node").get("n1") !== undefined, 2_000, "the leader's cache has n1");
    const node = async () => (await store.get({ kind: "Node", name: "n1" })) as Node;
    // No heartbeat reaches the leader and no Lease is written: Ready for its grace from registration...
    at.ms += 150;
    await lifecycle.check("n1");
    expect(isReady(await node())).toBe(true);
    // ...and NotReady once that has passed in silence.
    at.ms += 151;
    await lifecycle.check("n1");
    expect(isReady(await node())).toBe(false);
  });

  it("does not mark NotReady a node whose session another server holds, and sees it come back through that server", async () => {
    const { at, clock } = drivenClock();
    const { store, dispatcher: leader, lifecycle, informers } = await setup(LIFECYCLE, clock);
    // The follower: another server on the same store, holding n1's session, writing its node Lease.
    const follower = new Dispatcher(store, leader.config, silentLog, undefined, clock);
    const { session } = await follower.register(reg("n1"));
    const ac = new AbortController();
    const leases = renewNodeLeases({ store, sessions: follower.sessions, leading: () => false, periodMs: 20, durationSeconds: 1, log: silentLog }, ac.signal);
    cleanups.push(async () => {
      ac.abort();
      await leases;
    });
    const node = async () => (await store.get({ kind: "Node", name: "n1" })) as Node;
    const leaseSays = (ms: number) => eventually(() => leaseRenewedAt(informers.for<Lease>("Lease").get(`${NODE_LEASE_NAMESPACE}/n1`)) === ms, 2_000, "the leader's cache has n1's new Lease");
    await eventually(() => informers.for<Node>("Node").get("n1") !== undefined, 2_000, "the leader's cache has n1");
    // Four grace periods pass, n1 heard by the follower only: the leader keeps it Ready at each step.
    for (let i = 0; i < 5; i++) {
      at.ms += 250;
      await follower.heartbeat(session.id);
      await leaseSays(at.ms);
      await lifecycle.check("n1");
      expect(isReady(await node()), `Ready ${250 * (i + 1)} ms after registration`).toBe(true);
    }
    // Silent on the follower too: NotReady. Heard again on the follower: Ready, written by the leader.
    at.ms += 301;
    await lifecycle.check("n1");
    expect(isReady(await node())).toBe(false);
    at.ms += 50;
    await follower.heartbeat(session.id);
    await eventually(async () => isReady(await node()), 2_000, "n1 Ready again through the follower's Lease");
  });

  it("reads the node's Lease from the store before marking it NotReady: a watch that lags marks nobody", async () => {
    const { at, clock } = drivenClock();
    const { store, dispatcher: leader, lifecycle, informers } = await setup(LIFECYCLE, clock, { leaseEventsLost: true });
    const follower = new Dispatcher(store, leader.config, silentLog, undefined, clock);
    await follower.register(reg("n1"));
    await eventually(() => informers.for<Node>("Node").get("n1") !== undefined, 2_000, "the leader's cache has n1");
    const node = async () => (await store.get({ kind: "Node", name: "n1" })) as Node;
    // The follower heard n1 just now and wrote so, past the grace since registration; the cache never learns it.
    at.ms += 400;
    await store.create({ apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: { name: "n1", namespace: NODE_LEASE_NAMESPACE }, spec: { holderIdentity: "n1", renewTime: new Date(at.ms - 50).toISOString() } } as Lease);
    await lifecycle.check("n1");
    expect(informers.for<Lease>("Lease").get(`${NODE_LEASE_NAMESPACE}/n1`)).toBeUndefined();
    expect(isReady(await node())).toBe(true);
    // Silent in the store too: NotReady.
    at.ms += 301;
    await lifecycle.check("n1");
    expect(isReady(await node())).toBe(false);
  });
});
