import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Job, Pod } from "@skiff/api";
import { DEFAULT_CHUNK_LIMITS, type LevelStore } from "@skiff/store";
import type { EventRecorder } from "../../events/recorder.js";
import { tempStore } from "../../informer/test-support.js";
import { harness } from "../framework/testing.js";
import { reconcileJob } from "./job-controller.js";
import { job } from "./test-fixtures.js";

let store: LevelStore;
let close: () => Promise<void>;
let events: { reason: string; message: string }[];
const recorder: EventRecorder = { record: (_o, _t, reason, message) => events.push({ reason, message }) };

beforeEach(async () => {
  ({ store, close } = await tempStore());
  events = [];
});
afterEach(async () => close());

const podsOf = async () => (await store.list("Pod", { namespace: "default" })).items as Pod[];
const readJob = async () => (await store.get({ kind: "Job", namespace: "default", name: "pi" })) as Job | undefined;

describe("Job controller shell", () => {
  it("a Job of 300 running pods past its deadline deletes them in passes that each fit one etcd transaction", async () => {
    let now = new Date("2026-01-01T00:00:00Z");
    const h = await harness(reconcileJob, { store, events: recorder, kinds: ["Job", "Pod"], now: () => now });
    await h.store.create(job({ completions: 300, parallelism: 300, activeDeadlineSeconds: 60 }));
    const passes = async () => {
      const changes: number[] = [];
      for (let before = -1; (await podsOf()).length !== before; ) {
        before = (await podsOf()).length;
        await h.run("default/pi");
        changes.push(Math.abs((await podsOf()).length - before));
      }
      return changes;
    };
    const creates = await passes();
    expect(await podsOf()).toHaveLength(300);
    now = new Date(now.getTime() + 61_000);
    const deletes = await passes();
    h.stop();
    expect(await podsOf()).toHaveLength(0);
    for (const changes of [creates, deletes]) expect(Math.max(...changes)).toBeLessThan(DEFAULT_CHUNK_LIMITS.maxOps);
    expect(deletes.filter((n) => n > 0).length).toBeGreaterThanOrEqual(3);
    expect(events.filter((e) => e.reason === "SuccessfulDelete")).toHaveLength(300);
    expect((await readJob())?.status?.conditions?.find((c) => c.type === "Failed")).toMatchObject({ status: "True", reason: "DeadlineExceeded" });
  });

  it("reconciling twice in a row creates exactly parallelism pods, owned by the Job", async () => {
    const h = await harness(reconcileJob, { store, events: recorder, kinds: ["Job", "Pod"] });
    await h.store.create(job({ completions: 5, parallelism: 2 }));
    await h.run("default/pi");
    await h.run("default/pi");
    h.stop();
    const pods = await podsOf();
    expect(pods).toHaveLength(2);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(/^pi-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(p.metadata.ownerReferences?.[0]).toMatchObject({ kind: "Job", name: "pi", uid: "uid-pi", controller: true });
      expect(p.metadata.labels).toMatchObject({ "batch.kubernetes.io/job-name": "pi" });
      expect(p.spec.restartPolicy).toBe("Never");
    }
    expect((await readJob())?.status).toMatchObject({ active: 2, succeeded: 0, failed: 0 });
    expect(events.filter((e) => e.reason === "SuccessfulCreate")).toHaveLength(2);
  });

  it("gives an Indexed Job's pods their index: name, hostname, annotation, label and JOB_COMPLETION_INDEX", async () => {
    const h = await harness(reconcileJob, { store, events: recorder, kinds: ["Job", "Pod"] });
    await h.store.create(job({ completionMode: "Indexed", completions: 3, parallelism: 3 }));
    await h.run("default/pi");
    h.stop();
    const pods = (await podsOf()).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    expect(pods.map((p) => p.spec.hostname)).toEqual(["pi-0", "pi-1", "pi-2"]);
    const first = pods[0]!;
    expect(first.metadata.name).toMatch(/^pi-0-[a-z0-9]{5}$/);
    expect(first.metadata.annotations).toEqual({ "batch.kubernetes.io/job-completion-index": "0" });
    expect(first.metadata.labels?.["batch.kubernetes.io/job-completion-index"]).toBe("0");
    expect(first.spec.containers[0]?.env).toEqual([
      { name: "JOB_COMPLETION_INDEX", valueFrom: { fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } } },
    ]);
  });

  it("deletes a Job whose ttlSecondsAfterFinished has passed, and asks to be woken for one still waiting", async () => {
    let now = new Date("2024-01-01T00:01:00Z");
    const h = await harness(reconcileJob, { store, events: recorder, kinds: ["Job", "Pod"], now: () => now });
    const finished = job({ ttlSecondsAfterFinished: 120 }, { completionTime: "2024-01-01T00:00:00Z", conditions: [{ type: "Complete", status: "True" }] });
    await h.store.create(finished);
    expect(await h.run("default/pi")).toEqual({ requeueAfterMs: 60_050 });
    now = new Date("2024-01-01T00:02:00Z");
    await h.run("default/pi");
    h.stop();
    const left = await readJob();
    // Foreground deletion: marked, the garbage collector removes its pods, then the Job.
    expect(left === undefined || left.metadata.deletionTimestamp !== undefined).toBe(true);
  });
});
