import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { getEventListeners } from "node:events";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ApiObject, Event } from "@skiff/api";
import { LevelStore } from "@skiff/store";
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

