// A pass plans from what the engine listed when the pass began. A pod's sequence that finished
// while the list was on its way is not planned again from that older view: under load the create
// went out twice (a name Conflict from Docker, a Failed event on the pod).
import { afterEach, describe, expect, it, vi } from "vitest";
import { pino } from "pino";
import { FakeRuntime } from "../runtime/fake/fake-runtime.js";
import { PodManager } from "./pod-manager.js";
import { makePod } from "./testing.js";

const managers: PodManager[] = [];
afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.stop()));
});

describe("PodManager: a list older than a finished sequence", () => {
  it("creates each container once, though a pass listed before the pod's containers were made", async () => {
    const runtime = new FakeRuntime({ images: ["busybox:1.36"] });
    const creates: string[] = [];
    let appStarted!: () => void;
    const started = new Promise<void>((r) => (appStarted = r));
    const create = runtime.createContainer.bind(runtime);
    let m: PodManager | undefined;
    let slowList = false;
    let listed!: () => void;
    const listTaken = new Promise<void>((r) => (listed = r));
    vi.spyOn(runtime, "createContainer").mockImplementation(async (config) => {
      creates.push(config.name);
      if (config.name.includes("_app_") && !slowList) {
        // Something else changes (a ConfigMap): a pass begins, and lists before the app container is made.
        slowList = true;
        m?.setConfigs(new Map());
        await listTaken;
      }
      return create(config);
    });
    const start = runtime.startContainer.bind(runtime);
    vi.spyOn(runtime, "startContainer").mockImplementation(async (id) => {
      await start(id);
      if ((await runtime.inspectContainer(id))?.name.includes("_app_")) appStarted();
    });
    // That list answers as the engine was when asked, once the pod's containers are both
    // running and its sequence is over: the slow list of a loaded engine.
    const list = runtime.listContainers.bind(runtime);
    vi.spyOn(runtime, "listContainers").mockImplementation(async (labels) => {
      const seen = await list(labels);
      if (slowList) {
        slowList = false;
        listed();
        await started;
        for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r)); // the sequence's end runs first
      }
      return seen;
    });
    const events: string[] = [];
    const running: string[] = [];
    m = new PodManager({
      runtime,
      nodeName: "n1",
      log: pino({ level: "silent" }),
      onStatus: (pod, status) => status.phase === "Running" && running.push(pod.metadata.name),
      onEvent: (_pod, type, reason) => events.push(`${type} ${reason}`),
    });
    managers.push(m);
    void m.start(new AbortController().signal);
    m.setDesired([makePod("web")]);
    await vi.waitFor(() => expect(running).toEqual(["web"]), { timeout: 5000, interval: 5 });
    expect(creates.filter((n) => n.includes("_app_"))).toHaveLength(1);
    expect(creates.filter((n) => n.includes("_POD_"))).toHaveLength(1);
    expect(events.filter((e) => e.startsWith("Warning"))).toEqual([]);
  });
});
