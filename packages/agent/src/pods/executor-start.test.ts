// A new pod's sequence as the executor applies it: the app container is created while the infra
// container starts (the slowest step, Docker setting up the pod's network), and started after it.
import { describe, expect, it } from "vitest";
import { pino } from "pino";
import { FakeRuntime } from "../runtime/fake/fake-runtime.js";
import { runSequence, type ExecutorContext } from "./executor.js";
import { INFRA_CONTAINER } from "./labels.js";
import type { Action } from "./reconcile.js";
import { makePod } from "./testing.js";

type PodAction = Exclude<Action, { type: "pull" }>;

function setup() {
  const runtime = new FakeRuntime({ images: ["busybox:1.36", "pause"] });
  const order: string[] = [];
  let releaseInfra: () => void = () => undefined;
  const infraGate = new Promise<void>((r) => (releaseInfra = r));
  const create = runtime.createContainer.bind(runtime);
  let infraId: string | undefined;
  runtime.createContainer = async (config) => {
    const infra = config.name.includes(`_${INFRA_CONTAINER}_`);
    order.push(`create ${infra ? "infra" : "app"}`);
    const id = await create(config);
    if (infra) infraId = id;
    return id;
  };
  const start = runtime.startContainer.bind(runtime);
  runtime.startContainer = async (id) => {
    const infra = id === infraId;
    order.push(`start ${infra ? "infra" : "app"} begins`);
    if (infra) await infraGate; // the engine still setting up the network
    await start(id);
    order.push(`start ${infra ? "infra" : "app"} done`);
  };
  const ctx: ExecutorContext = { runtime, nodeName: "n1", infraImage: "pause", log: pino({ level: "silent" }), configs: new Map(), capacity: { cpuMilli: 1000, memoryBytes: 1 << 30 } };
  const failures: string[] = [];
  const hooks = { succeeded: () => undefined, failed: (a: PodAction, e: unknown) => failures.push(`${a.type}: ${String(e)}`) };
  return { ctx, hooks, order, failures, releaseInfra };
}

const newPod = (env?: { name: string; valueFrom: { fieldRef: { fieldPath: string } } }[]): PodAction[] => {
  const pod = makePod("web", env ? { containers: [{ env }] } : {});
  return [
    { type: "createInfra", podUid: "uid-web", pod, attempt: 0 },
    { type: "start", podUid: "uid-web", container: INFRA_CONTAINER, attempt: 0 },
    { type: "createContainer", podUid: "uid-web", pod, container: "app", attempt: 0, backoffStep: 0 },
    { type: "start", podUid: "uid-web", container: "app", attempt: 0 },
  ];
};

/** Lets every step that can run without the engine's answer run (the fake answers in microtasks). */
const settle = async () => {
  for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
};

describe("a new pod's containers", () => {
  it("creates the app container while the infra container starts, and starts it after", async () => {
    const { ctx, hooks, order, failures, releaseInfra } = setup();
    const done = runSequence(newPod(), ctx, hooks);
    await settle();
    expect(order).toEqual(["create infra", "start infra begins", "create app"]);
    releaseInfra();
    await done;
    expect(failures).toEqual([]);
    expect(order.slice(3)).toEqual(["start infra done", "start app begins", "start app done"]);
  });

  it("waits for the infra container to run when the app's environment needs the pod's IP", async () => {
    const { ctx, hooks, order, failures, releaseInfra } = setup();
    const done = runSequence(newPod([{ name: "MY_IP", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } }]), ctx, hooks);
    await settle();
    expect(order).toEqual(["create infra", "start infra begins"]);
    releaseInfra();
    await done;
    expect(failures).toEqual([]);
    expect(order).toEqual(["create infra", "start infra begins", "start infra done", "create app", "start app begins", "start app done"]);
  });
});
