import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { getEventListeners } from "node:events";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ValidationError, type ApiObject, type Event } from "@skiff/api";
import { LevelStore, type WriteOp } from "@skiff/store";
import { pino } from "pino";
import { StoreEventRecorder } from "./recorder.js";
import { EventExpiry } from "./expiry.js";

let dir: string;
let store: LevelStore;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "skiff-events-"));
  store = await LevelStore.open(dir);
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const pod: ApiObject = { apiVersion: "v1", kind: "Pod", metadata: { name: "web", namespace: "default", uid: "u1" } };
const log = pino({ level: "silent" });

describe("StoreEventRecorder", () => {
  it("records an event, and a repeat bumps its count", async () => {
    let t = 0;
    const rec = new StoreEventRecorder(store, "scheduler", log, () => new Date(1_000_000 + t++ * 1000));
    rec.record(pod, "Normal", "Scheduled", "Successfully assigned default/web to n1");
    rec.record(pod, "Normal", "Scheduled", "Successfully assigned default/web to n1");
    rec.record(pod, "Warning", "BackOff", "Back-off restarting failed container");
    await rec.flush();
    const events = (await store.list("Event")).items as Event[];
    expect(events).toHaveLength(2);
    const scheduled = events.find((e) => e.reason === "Scheduled");
    expect(scheduled).toMatchObject({ count: 2, type: "Normal", source: { component: "scheduler" }, involvedObject: { kind: "Pod", name: "web", uid: "u1" } });
    expect(scheduled?.lastTimestamp).not.toBe(scheduled?.firstTimestamp);
  });

  it("writes the events recorded while a commit is on its way in one commit, repeats counted together", async () => {
    let t = 0;
    const rec = new StoreEventRecorder(store, "scheduler", log, () => new Date(1_000_000 + t++ * 1000));
    const before = store.revision();
    for (let i = 0; i < 50; i++) rec.record({ ...pod, metadata: { ...pod.metadata, name: `web-${i}`, uid: `u-${i}` } }, "Normal", "Scheduled", "assigned");
    for (let i = 0; i < 3; i++) rec.record(pod, "Warning", "BackOff", "Back-off restarting failed container");
    await rec.flush();
    expect(store.revision()).toBe(before + 1);
    const events = (await store.list("Event")).items as Event[];
    expect(events).toHaveLength(51);
    const backOff = events.find((e) => e.reason === "BackOff");
    expect(backOff).toMatchObject({ count: 3, firstTimestamp: new Date(1_050_000).toISOString(), lastTimestamp: new Date(1_052_000).toISOString() });

    // Recorded again later: the stored Event's count goes on.
    rec.record(pod, "Warning", "BackOff", "Back-off restarting failed container");
    await rec.flush();
    expect(((await store.list("Event")).items as Event[]).find((e) => e.reason === "BackOff")?.count).toBe(4);
  });

  it("writes the group one by one when its commit is refused, so only the Event the store refuses is lost", async () => {
    // A store that refuses every commit holding an Event with reason Bad (as it would a malformed one).
    const refusing = new Proxy(store, {
      get: (target, name) =>
        name === "commit"
          ? (ops: WriteOp[]) => (ops.some((op) => op.type !== "delete" && (op.object as Event).reason === "Bad") ? Promise.reject(new ValidationError([{ path: "reason", message: "bad" }])) : target.commit(ops))
          : Reflect.get(target, name, target),
    });
    const rec = new StoreEventRecorder(refusing, "x", log, () => new Date(0));
    rec.record(pod, "Normal", "Good", "one");
    rec.record(pod, "Normal", "Bad", "two");
    rec.record(pod, "Normal", "Good", "three");
    await rec.flush();
    expect(((await store.list("Event")).items as Event[]).map((e) => e.message).sort()).toEqual(["one", "three"]);
  });

  it("expires events last seen more than the TTL ago", async () => {
    const rec = new StoreEventRecorder(store, "x", log, () => new Date(0));
    rec.record(pod, "Normal", "Old", "long ago");
    await rec.flush();
    const expiry = new EventExpiry(store, log, 60_000, () => new Date(120_000));
    expect(await expiry.sweep()).toBe(1);
    expect((await store.list("Event")).items).toHaveLength(0);
  });
});

describe("EventExpiry", () => {
  it("sweeps again and again without piling listeners on its signal", async () => {
    const ac = new AbortController();
    const expiry = new EventExpiry(store, log, 10); // a sweep a second (the shortest)
    let sweeps = 0;
    const sweep = expiry.sweep.bind(expiry);
    expiry.sweep = async () => (sweeps++, sweep());
    const running = expiry.start(ac.signal);
    const seen: number[] = [];
    while (sweeps < 3) {
      seen.push(getEventListeners(ac.signal, "abort").length);
      await new Promise((r) => setTimeout(r, 100));
    }
    ac.abort();
    await running;
    expect(Math.max(...seen)).toBeLessThanOrEqual(1);
  });
});

