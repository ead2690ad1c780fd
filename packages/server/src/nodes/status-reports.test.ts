// Pod status reports through the node protocol's UpdateStatus: a broken report is refused with
// the path of the field (INVALID_ARGUMENT to the agent), counted, and never stored; the good
// reports of the same call are stored all the same.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Pod, PodStatus } from "@skiff/api";
import { LevelStore } from "@skiff/store";
import type { UpdateStatusRequest__Output } from "@skiff/proto";
import { Dispatcher } from "./dispatcher.js";
import { nodeHandlers } from "./grpc-service.js";
import { testRegistration } from "./test-registration.js";

const RUNNING: PodStatus = {
  phase: "Running",
  conditions: [{ type: "Ready", status: "True", lastTransitionTime: "2024-05-01T10:00:00.000Z" }],
  containerStatuses: [{ name: "app", state: { running: { startedAt: "2024-05-01T10:00:00.000Z" } }, ready: true, restartCount: 0, image: "img:1", imageID: "" }],
};

const pod = (name: string): Pod => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: "default", uid: `uid-${name}` },
  spec: { nodeName: "n1", containers: [{ name: "app", image: "img:1" }] },
  status: { phase: "Pending" },
});

let dir: string;
let store: LevelStore;
let dispatcher: Dispatcher;
let sessionId: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "skiff-status-reports-"));
  store = await LevelStore.open(dir);
  dispatcher = new Dispatcher(store, { heartbeatPeriodMs: 1000, graceMultiplier: 3, evictionTimeoutMs: 10_000 }, pino({ level: "silent" }));
  const reg = await dispatcher.register(testRegistration());
  sessionId = reg.session.id;
  for (const name of ["good", "bad"]) await store.create(pod(name));
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

/** Call UpdateStatus as grpc-js would, and return the error it answered with (null: OK). */
function updateStatus(request: UpdateStatusRequest__Output): Promise<Partial<grpc.ServiceError> | null> {
  const handlers = nodeHandlers(dispatcher, store, pino({ level: "silent" }), new AbortController().signal);
  const call = { request, getPeer: () => "test", getAuthContext: () => null };
  return new Promise((resolve) => {
    (handlers.UpdateStatus as grpc.handleUnaryCall<UpdateStatusRequest__Output, unknown>)(
      call as unknown as grpc.ServerUnaryCall<UpdateStatusRequest__Output, unknown>,
      (err) => resolve(err as Partial<grpc.ServiceError> | null),
    );
  });
}

const update = (name: string, statusJson: string, containersStopped = false) => ({ namespace: "default", name, uid: `uid-${name}`, statusJson, containersStopped });
const stored = async (name: string) => ((await store.get({ kind: "Pod", namespace: "default", name })) as Pod).status;

describe("UpdateStatus", () => {
  it("stores a good report", async () => {
    expect(await updateStatus({ sessionId, updates: [update("good", JSON.stringify(RUNNING))], events: [] })).toBeNull();
    expect(await stored("good")).toMatchObject({ phase: "Running", containerStatuses: RUNNING.containerStatuses });
    expect(dispatcher.refusedStatusReports).toBe(0);
  });

  it("refuses a broken report naming its field, counts it, stores the others, and leaves the pod as it was", async () => {
    const broken = JSON.stringify({ ...RUNNING, containerStatuses: "x" });
    const err = await updateStatus({ sessionId, updates: [update("good", JSON.stringify(RUNNING)), update("bad", broken)], events: [] });
    expect(err?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(err?.details).toBe("updates[1].statusJson.containerStatuses: expected array, got string");
    expect(dispatcher.refusedStatusReports).toBe(1);
    expect(await stored("bad")).toEqual({ phase: "Pending" });
    expect((await stored("good"))?.phase).toBe("Running");
  });

  it("refuses a report that is not JSON", async () => {
    const err = await updateStatus({ sessionId, updates: [update("bad", "{")], events: [] });
    expect(err?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(err?.details).toMatch(/^updates\[0\]\.statusJson: not valid JSON/);
    expect(dispatcher.refusedStatusReports).toBe(1);
  });

  describe("a Terminating pod", () => {
    const EXITED: PodStatus = {
      ...RUNNING,
      containerStatuses: [{ name: "app", state: { terminated: { exitCode: 137, reason: "Error" } }, ready: false, restartCount: 0, image: "img:1", imageID: "" }],
    };
    async function markDeleting(name: string, finalizers?: string[]): Promise<void> {
      const p = (await store.get({ kind: "Pod", namespace: "default", name })) as Pod;
      const metadata = { ...p.metadata, deletionTimestamp: "2024-05-01T10:00:30.000Z", deletionGracePeriodSeconds: 30, ...(finalizers ? { finalizers } : {}) };
      await store.update({ ...p, metadata });
    }

    it("stays while its agent reports it running (its grace period is not over)", async () => {
      await markDeleting("good");
      expect(await updateStatus({ sessionId, updates: [update("good", JSON.stringify(RUNNING))], events: [] })).toBeNull();
      expect((await stored("good"))?.phase).toBe("Running");
    });

    it("is removed once its agent says its containers have all stopped", async () => {
      await markDeleting("good");
      expect(await updateStatus({ sessionId, updates: [update("good", JSON.stringify(EXITED), true)], events: [] })).toBeNull();
      expect(await store.get({ kind: "Pod", namespace: "default", name: "good" })).toBeUndefined();
    });

    it("with a finalizer left: its grace period ends (0) and it stays until the finalizer goes", async () => {
      await markDeleting("good", ["example.com/hold"]);
      expect(await updateStatus({ sessionId, updates: [update("good", JSON.stringify(EXITED), true)], events: [] })).toBeNull();
      const p = (await store.get({ kind: "Pod", namespace: "default", name: "good" })) as Pod;
      expect(p.metadata.deletionGracePeriodSeconds).toBe(0);
      expect(p.status?.containerStatuses?.[0]?.state?.terminated?.exitCode).toBe(137);
    });

    it("a pod not being deleted is not removed by a stray 'stopped'", async () => {
      expect(await updateStatus({ sessionId, updates: [update("good", JSON.stringify(EXITED), true)], events: [] })).toBeNull();
      expect(await store.get({ kind: "Pod", namespace: "default", name: "good" })).toBeDefined();
    });
  });
});
