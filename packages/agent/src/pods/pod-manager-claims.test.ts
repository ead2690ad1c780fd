// The PodManager with PersistentVolumeClaims, on the FakeRuntime: a claim is mounted once the
// binder wrote what to mount; a local PV's Docker volume is made on first use and removed when
// its PV goes with reclaim policy Delete, kept with Retain.
import { rmSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { pino } from "pino";
import { nodeAffinityFor, type ApiObject, type PersistentVolume, type PersistentVolumeClaim, type PodStatus } from "@skiff/api";
import { FakeRuntime } from "../runtime/fake/fake-runtime.js";
import { PodManager } from "./pod-manager.js";
import { makePod } from "./testing.js";

const BUSYBOX = "busybox:1.36";
const managers: PodManager[] = [];
afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.stop()));
});

const claim = (name: string, source?: object): [string, ApiObject] => {
  const c: PersistentVolumeClaim = {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name, namespace: "default", ...(source ? { annotations: { "skiff.dev/volume-source": JSON.stringify(source) } } : {}) },
    spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } }, ...(source ? { volumeName: "pvc-1" } : {}) },
  };
  return [`PersistentVolumeClaim/default/${name}`, c];
};
const localPv = (handle: string, policy: "Retain" | "Delete"): [string, ApiObject] => {
  const pv: PersistentVolume = {
    apiVersion: "v1",
    kind: "PersistentVolume",
    metadata: { name: "pvc-1" },
    spec: { persistentVolumeReclaimPolicy: policy, capacity: { storage: "1Gi" }, accessModes: ["ReadWriteOnce"], csi: { driver: "skiff.dev/local", volumeHandle: handle }, nodeAffinity: nodeAffinityFor("n1") },
  };
  return ["PersistentVolume/default/pvc-1", pv];
};

function setup() {
  const runtime = new FakeRuntime({ images: [BUSYBOX] });
  const manager = new PodManager({ runtime, nodeName: "n1", hostIP: "127.0.0.2", log: pino({ level: "silent" }), resyncMs: 5, onStatus: () => undefined });
  managers.push(manager);
  void manager.start(new AbortController().signal);
  const app = () => [...runtime.containers.values()].find((c) => c.info.name === "skiff_n1_default_db_app_0");
  const state = (): PodStatus | undefined => manager.status().get("default/db");
  return { runtime, manager, app, state };
}
const until = (check: () => void) => vi.waitFor(check, { timeout: 3000, interval: 5 });
const dbPod = () =>
  makePod("db", {
    volumes: [{ name: "data", persistentVolumeClaim: { claimName: "data" } }],
    containers: [{ volumeMounts: [{ name: "data", mountPath: "/var/lib/mysql" }] }],
  });

describe("PodManager with claims", () => {
  it("waits (CreateContainerConfigError) while the claim is missing or unbound, then mounts its Docker volume, made with the node's labels", async () => {
    const { runtime, manager, app, state } = setup();
    manager.setConfigs(new Map());
    manager.setDesired([dbPod()]);
    await until(() => expect(state()?.containerStatuses?.[0]?.state?.waiting).toEqual({ reason: "CreateContainerConfigError", message: 'persistentvolumeclaim "data" not found' }));
    manager.setConfigs(new Map([claim("data")]));
    await until(() => expect(state()?.containerStatuses?.[0]?.state?.waiting?.message).toBe('persistentvolumeclaim "data" is not bound to a volume yet'));
    expect(app()).toBeUndefined();
    manager.setConfigs(new Map([claim("data", { dockerVolume: "skiff-pvc-1" }), localPv("skiff-pvc-1", "Delete")]));
    await until(() => expect(app()).toBeDefined());
    expect(app()?.config.mounts).toContainEqual({ type: "volume", source: "skiff-pvc-1", target: "/var/lib/mysql" });
    expect(runtime.volumes.get("skiff-pvc-1")?.labels).toEqual({ "skiff.node": "n1", "skiff.claim-volume": "skiff-pvc-1" });
  });

  it("binds a hostPath claim's path", async () => {
    const { manager, app } = setup();
    const dir = `/tmp/skiff-claim-test-${process.pid}`;
    manager.setConfigs(new Map([claim("data", { hostPath: { path: dir } })]));
    manager.setDesired([dbPod()]);
    await until(() => expect(app()).toBeDefined());
    expect(app()?.config.mounts).toContainEqual({ type: "bind", source: dir, target: "/var/lib/mysql" });
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps the volume when the pod goes; removes it when its PV goes with policy Delete", async () => {
    const { runtime, manager, app } = setup();
    manager.setConfigs(new Map([claim("data", { dockerVolume: "skiff-pvc-1" }), localPv("skiff-pvc-1", "Delete")]));
    manager.setDesired([dbPod()]);
    await until(() => expect(app()).toBeDefined());
    manager.setDesired([]);
    await until(() => expect(runtime.containers.size).toBe(0));
    expect(runtime.volumes.has("skiff-pvc-1")).toBe(true);
    manager.setConfigs(new Map());
    await until(() => expect(runtime.volumes.has("skiff-pvc-1")).toBe(false));
  });

  it("keeps the volume of a PV with policy Retain when the PV goes", async () => {
    const { runtime, manager, app } = setup();
    manager.setConfigs(new Map([claim("data", { dockerVolume: "skiff-pvc-1" }), localPv("skiff-pvc-1", "Retain")]));
    manager.setDesired([dbPod()]);
    await until(() => expect(app()).toBeDefined());
    manager.setDesired([]);
    manager.setConfigs(new Map());
    await until(() => expect(runtime.containers.size).toBe(0));
    const list = vi.spyOn(runtime, "listContainers");
    await until(() => expect(list.mock.calls.length).toBeGreaterThan(3));
    expect(runtime.volumes.has("skiff-pvc-1")).toBe(true);
  });
});
