// The PodManager with ConfigMaps, Secrets and volumes, on the FakeRuntime.
import { afterEach, describe, expect, it, vi } from "vitest";
import { pino } from "pino";
import type { ApiObject, Pod, PodStatus } from "@skiff/api";
import { FakeRuntime } from "../runtime/fake/fake-runtime.js";
import { PodManager } from "./pod-manager.js";
import { makePod } from "./testing.js";

const BUSYBOX = "busybox:1.36";
const managers: PodManager[] = [];
afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.stop()));
});

const b64 = (s: string) => Buffer.from(s).toString("base64");
const configMap = (name: string, data: Record<string, string>): [string, ApiObject] => [
  `ConfigMap/default/${name}`,
  { apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: "default" }, data } as ApiObject,
];
const secret = (name: string, data: Record<string, string>): [string, ApiObject] => [
  `Secret/default/${name}`,
  { apiVersion: "v1", kind: "Secret", metadata: { name, namespace: "default" }, data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, b64(v)])) } as ApiObject,
];

function setup() {
  const runtime = new FakeRuntime({ images: [BUSYBOX] });
  const events: { pod: string; type: string; reason: string; message: string }[] = [];
  const manager = new PodManager({
    runtime,
    nodeName: "n1",
    hostIP: "127.0.0.2",
    log: pino({ level: "silent" }),
    resyncMs: 5,
    onStatus: () => undefined,
    onEvent: (pod, type, reason, message) => events.push({ pod: pod.metadata.name, type, reason, message }),
  });
  managers.push(manager);
  void manager.start(new AbortController().signal);
  const app = (pod = "web", container = "app") => [...runtime.containers.values()].find((c) => c.info.name === `skiff_n1_default_${pod}_${container}_0`);
  const state = (pod = "web"): PodStatus | undefined => manager.status().get(`default/${pod}`);
  return { runtime, manager, events, app, state };
}
const until = (check: () => void) => vi.waitFor(check, { timeout: 3000, interval: 5 });

/** Resolves once a whole pass has run after the call (each pass starts by listing the containers). */
async function nextPass(runtime: FakeRuntime): Promise<void> {
  const list = vi.spyOn(runtime, "listContainers");
  const from = list.mock.calls.length;
  await until(() => expect(list.mock.calls.length).toBeGreaterThanOrEqual(from + 2));
}

describe("PodManager with configs", () => {
  it("holds a container that needs a missing Secret (CreateContainerConfigError), and starts it when the Secret comes", async () => {
    const { manager, app, state, events } = setup();
    const pod = makePod("web", { containers: [{ env: [{ name: "PASSWORD", valueFrom: { secretKeyRef: { name: "db", key: "password" } } }] }] });
    manager.setConfigs(new Map());
    manager.setDesired([pod]);
    await until(() => expect(state()?.containerStatuses?.[0]?.state?.waiting).toEqual({ reason: "CreateContainerConfigError", message: 'secret "db" not found' }));
    expect(app()).toBeUndefined();
    expect(events).toContainEqual({ pod: "web", type: "Warning", reason: "Failed", message: 'Error: secret "db" not found' });
    manager.setConfigs(new Map([secret("db", { password: "hunter2" })]));
    await until(() => expect(state()?.phase).toBe("Running"));
    expect(app()?.config.env).toEqual(["PASSWORD=hunter2"]);
    // The value is nowhere in what a person sees.
    expect(JSON.stringify(events)).not.toContain("hunter2");
  });

  it("does not restart a running container when a ConfigMap its env uses changes", async () => {
    const { manager, app, state, runtime } = setup();
    const pod = makePod("web", { containers: [{ envFrom: [{ configMapRef: { name: "cfg" } }] }] });
    manager.setConfigs(new Map([configMap("cfg", { MODE: "a" })]));
    manager.setDesired([pod]);
    await until(() => expect(state()?.phase).toBe("Running"));
    const id = app()?.info.id;
    const stop = vi.spyOn(runtime, "stopContainer");
    const create = vi.spyOn(runtime, "createContainer");
    manager.setConfigs(new Map([configMap("cfg", { MODE: "b" })]));
    await nextPass(runtime);
    expect(stop).not.toHaveBeenCalled();
    expect(create).not.toHaveBeenCalled();
    expect(app()?.info).toMatchObject({ id, state: "running" });
    expect(app()?.config.env).toEqual(["MODE=a"]);
  });

  it("gives status.podIP the infra container's address", async () => {
    const { manager, app, state, runtime } = setup();
    manager.setConfigs(new Map());
    manager.setDesired([makePod("web", { containers: [{ env: [{ name: "IP", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } }] }] })]);
    await until(() => expect(state()?.phase).toBe("Running"));
    const infra = [...runtime.containers.values()].find((c) => c.info.name.endsWith("_POD_0"));
    expect(app()?.config.env).toEqual([`IP=${infra?.info.ipAddress}`]);
  });

  describe("volumes", () => {
    const pod: Pod = makePod("web", {
      volumes: [
        { name: "config", configMap: { name: "cfg" } },
        { name: "creds", secret: { secretName: "db", items: [{ key: "password", path: "pw", mode: 0o400 }] } },
        { name: "scratch", emptyDir: {} },
      ],
      containers: [
        {
          volumeMounts: [
            { name: "config", mountPath: "/etc/config" },
            { name: "config", mountPath: "/etc/app.conf", subPath: "app.conf" },
            { name: "creds", mountPath: "/etc/creds" },
            { name: "scratch", mountPath: "/scratch" },
          ],
        },
      ],
    });

    it("puts a ConfigMap's and a Secret's files in the volume before the app starts, and a subPath link", async () => {
      const { manager, app, state, runtime } = setup();
      manager.setConfigs(new Map([configMap("cfg", { "app.conf": "a=1" }), secret("db", { password: "hunter2" })]));
      manager.setDesired([pod]);
      await until(() => expect(state()?.phase).toBe("Running"));
      const id = app()?.info.id ?? "";
      expect(runtime.readFile(id, "/etc/config/app.conf")?.toString()).toBe("a=1");
      expect(runtime.readFile(id, "/etc/app.conf")?.toString()).toBe("a=1");
      expect(runtime.readFile(id, "/etc/creds/pw")?.toString()).toBe("hunter2");
      expect([...runtime.volumes.keys()].sort()).toEqual(["skiff_n1_uid-web_config", "skiff_n1_uid-web_creds", "skiff_n1_uid-web_scratch"]);
      expect(app()?.config.mounts?.find((m) => m.target === "/etc/creds")).toMatchObject({ readOnly: true });
    });

    it("rewrites the files of a running pod when the ConfigMap changes (a key gone is gone)", async () => {
      const { manager, app, state, runtime } = setup();
      manager.setConfigs(new Map([configMap("cfg", { "app.conf": "a=1", old: "x" }), secret("db", { password: "p" })]));
      manager.setDesired([pod]);
      await until(() => expect(state()?.phase).toBe("Running"));
      const id = app()?.info.id ?? "";
      manager.setConfigs(new Map([configMap("cfg", { "app.conf": "a=2" }), secret("db", { password: "p" })]));
      await until(() => expect(runtime.readFile(id, "/etc/config/app.conf")?.toString()).toBe("a=2"));
      expect(runtime.readFile(id, "/etc/config/old")).toBeUndefined();
      expect(app()?.info).toMatchObject({ id, state: "running" });
    });

    it("holds the containers that mount a missing Secret", async () => {
      const { manager, state } = setup();
      manager.setConfigs(new Map([configMap("cfg", { "app.conf": "a=1" })]));
      manager.setDesired([pod]);
      await until(() => expect(state()?.containerStatuses?.[0]?.state?.waiting).toEqual({ reason: "CreateContainerConfigError", message: 'secret "db" not found' }));
    });

    it("removes the pod's volumes after its containers, and volumes of pods gone while the agent was away", async () => {
      const { manager, state, runtime } = setup();
      await runtime.ensureVolume("skiff_n1_gone_v", { labels: { "skiff.node": "n1", "skiff.pod.uid": "gone", "skiff.volume": "v" } });
      await runtime.ensureVolume("data-db-0", { labels: {} }); // a claim's: never touched
      manager.setConfigs(new Map([configMap("cfg", { "app.conf": "a=1" }), secret("db", { password: "p" })]));
      manager.setDesired([pod]);
      await until(() => expect(state()?.phase).toBe("Running"));
      expect(runtime.volumes.has("skiff_n1_gone_v")).toBe(false);
      manager.setDesired([]);
      await until(() => expect([...runtime.volumes.keys()]).toEqual(["data-db-0"]));
      expect(runtime.containers.size).toBe(0);
    });
  });
});
