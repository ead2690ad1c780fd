import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CronJob, Job } from "@skiff/api";
import type { LevelStore } from "@skiff/store";
import type { EventRecorder } from "../../events/recorder.js";
import { tempStore } from "../../informer/test-support.js";
import { harness } from "../framework/testing.js";
import { reconcileCronJob } from "./cronjob-controller.js";
import { cronJob, jobAt, min } from "./test-fixtures.js";

let store: LevelStore;
let close: () => Promise<void>;
let events: { reason: string; message: string }[];
const recorder: EventRecorder = { record: (_o, _t, reason, message) => events.push({ reason, message }) };

beforeEach(async () => {
  ({ store, close } = await tempStore());
  events = [];
});
afterEach(async () => close());

const jobsOf = async () => (await store.list("Job", { namespace: "default" })).items as Job[];
const readCronJob = async () => (await store.get({ kind: "CronJob", namespace: "default", name: "hello" })) as CronJob;

describe("CronJob controller shell", () => {
  it("makes one Job per scheduled time, however often it runs, and asks to be woken for the next", async () => {
    let now = min(1, 2);
    const h = await harness(reconcileCronJob, { store, events: recorder, kinds: ["CronJob", "Job"], now: () => now });
    await h.store.create(cronJob());
    expect(await h.run("default/hello")).toEqual({ requeueAfterMs: 58_000 + 100 });
    await h.run("default/hello");
    now = min(2, 1);
    await h.run("default/hello");
    h.stop();
    expect((await jobsOf()).map((j) => j.metadata.name).sort()).toEqual(["hello-29453761", "hello-29453762"]);
    const cj = await readCronJob();
    expect(cj.status?.lastScheduleTime).toBe(min(2).toISOString());
    expect(cj.status?.active?.map((r) => r.name)).toEqual(["hello-29453761", "hello-29453762"]);
    expect(events.filter((e) => e.reason === "SuccessfulCreate")).toHaveLength(2);
  });

  it("takes a run whose Job exists already (made before a restart the cache does not show) as done", async () => {
    const h = await harness(reconcileCronJob, { store, events: recorder, kinds: ["CronJob"], now: () => min(1, 2) });
    await h.store.create(cronJob());
    await store.create(jobAt(1));
    await h.run("default/hello");
    h.stop();
    expect(await jobsOf()).toHaveLength(1);
    expect((await readCronJob()).status?.lastScheduleTime).toBe(min(1).toISOString());
  });
});
