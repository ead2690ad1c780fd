import { afterEach, describe, expect, it, vi } from "vitest";
import { pino } from "pino";
import type { Pod, PodStatus, Probe, Service } from "@skiff/api";
import { FakeRuntime } from "../runtime/fake/fake-runtime.js";
import { PodManager } from "./pod-manager.js";
import { makePod, T0 } from "./testing.js";

const BUSYBOX = "busybox:1.36";
let now = T0;
const clock = () => new Date(now);
const managers: PodManager[] = [];

afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.stop()));
  now = T0;
});

function setup() {
  const runtime = new FakeRuntime({ images: [BUSYBOX], now: clock });
  const events: string[] = [];
  const manager = new PodManager({
    runtime,
    nodeName: "n1",
    hostIP: "127.0.0.4",
    log: pino({ level: "silent" }),
    clock,
    resyncMs: 5,
    onStatus: () => undefined,
    onEvent: (_pod: Pod, type, reason, message) => events.push(`${type} ${reason} ${message}`),
  });
  managers.push(manager);
  void manager.start(new AbortController().signal);
  const status = (name: string): PodStatus | undefined => manager.status().get(`default/${name}`);
  const named = (suffix: string) => [...runtime.containers.values()].find((c) => c.info.name.endsWith(suffix));
  return { runtime, manager, events, status, named };
}

const until = (check: () => void) => vi.waitFor(check, { timeout: 3000, interval: 5 });
const exec = (p: Partial<Probe> = {}): Probe => ({ exec: { command: ["cat", "/tmp/healthy"] }, periodSeconds: 1, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 1, initialDelaySeconds: 0, ...p });
const condition = (s: PodStatus | undefined, type: string) => s?.conditions?.find((c) => c.type === type)?.status;

describe("PodManager: probes", () => {
  it("a readiness probe keeps a running pod not Ready until it passes", async () => {
    const { runtime, manager, status, events } = setup();
    let healthy = false;
    runtime.onExec = () => (healthy ? { exitCode: 0, stdout: "", stderr: "" } : { exitCode: 1, stdout: "", stderr: "not yet\n" });
    manager.setDesired([makePod("web", { containers: [{ readinessProbe: exec() }] })]);
    await until(() => expect(status("web")?.phase).toBe("Running"));
    await until(() => expect(events).toContain("Warning Unhealthy Readiness probe failed: not yet"));
    expect(status("web")?.containerStatuses?.[0]).toMatchObject({ ready: false, started: true });
    expect(condition(status("web"), "Ready")).toBe("False");
    expect(condition(status("web"), "ContainersReady")).toBe("False");
    healthy = true;
    now += 1000; // the next period
    await until(() => expect(condition(status("web"), "Ready")).toBe("True"));
    expect(status("web")?.containerStatuses?.[0]?.ready).toBe(true);
  });

  it("a failed liveness probe kills the container, which is restarted and counted", async () => {
    const { runtime, manager, status, events, named } = setup();
    runtime.onExec = (id) => (named("_web_app_0")?.info.id === id ? { exitCode: 1, stdout: "", stderr: "cat: can't open '/tmp/healthy'\n" } : { exitCode: 0, stdout: "", stderr: "" });
    manager.setDesired([makePod("web", { containers: [{ livenessProbe: exec() }] })]);
    await until(() => expect(named("_web_app_0")?.info.state).toBe("exited"));
    expect(events).toContain("Warning Unhealthy Liveness probe failed: cat: can't open '/tmp/healthy'");
    expect(events).toContain("Normal Killing Container app failed liveness probe, will be restarted");
    now += 11_000; // past the crash back-off
    await until(() => expect(status("web")?.containerStatuses?.[0]).toMatchObject({ restartCount: 1, ready: true, state: { running: {} } }));
    expect(named("_web_app_1")?.info.state).toBe("running");
  });

  it("a startup probe holds the liveness and readiness probes back until it passes", async () => {
    const { runtime, manager, status } = setup();
    const ran: string[] = [];
    let started = false;
    runtime.onExec = (_id, command) => {
      ran.push(command.join(" "));
      return { exitCode: command[0] === "startup" && !started ? 1 : 0, stdout: "", stderr: "" };
    };
    const containers = [{ startupProbe: exec({ exec: { command: ["startup"] }, failureThreshold: 30 }), livenessProbe: exec({ exec: { command: ["live"] } }), readinessProbe: exec({ exec: { command: ["ready"] } }) }];
    manager.setDesired([makePod("web", { containers })]);
    await until(() => expect(ran).toContain("startup"));
    now += 1000;
    await until(() => expect(ran.filter((c) => c === "startup").length).toBeGreaterThan(1));
    expect(ran.every((c) => c === "startup")).toBe(true);
    expect(status("web")?.containerStatuses?.[0]).toMatchObject({ started: false, ready: false });
    started = true;
    now += 1000;
    await until(() => expect(status("web")?.containerStatuses?.[0]).toMatchObject({ started: true, ready: true }));
    expect(ran).toContain("live");
  });
});

describe("PodManager: node network and Services", () => {
  const web: Service = { apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: "default" }, spec: { clusterIP: "10.96.0.10", ports: [{ port: 80 }] } };

  it("puts new pods on the node network, publishing every port, and reports where", async () => {
    const { runtime, manager, status, named } = setup();
    await runtime.ensureNetwork("skiff-n1", { subnet: "10.244.6.0/23", gateway: "10.244.6.1", labels: {} });
    manager.setNetwork({ name: "skiff-n1", gateway: "10.244.6.1", nodeIndex: 3 });
    manager.setServices([web]);
    manager.setDesired([makePod("api", { containers: [{ ports: [{ containerPort: 8080 }] }] })]);
    await until(() => expect(status("api")?.phase).toBe("Running"));
    expect(named("_api_POD_0")?.config).toMatchObject({ networkMode: "skiff-n1", dns: ["10.244.6.1"], dnsOptions: ["ndots:5"] });
    expect(status("api")?.podIP).toMatch(/^10\.244\.6\./);
    expect(status("api")?.hostPorts).toEqual([{ containerPort: 8080, protocol: "TCP", hostIP: "127.0.0.4", hostPort: expect.any(Number) }]);
    expect(named("_api_app_0")?.config.env).toContain("WEB_SERVICE_HOST=10.244.7.10");
  });

  it("leaves a pod made on the default bridge where it is when the network comes", async () => {
    const { runtime, manager, status, named } = setup();
    manager.setDesired([makePod("old")]);
    await until(() => expect(status("old")?.phase).toBe("Running"));
    const infra = named("_old_POD_0")?.info.id;
    await runtime.ensureNetwork("skiff-n1", { subnet: "10.244.6.0/23", gateway: "10.244.6.1", labels: {} });
    manager.setNetwork({ name: "skiff-n1", gateway: "10.244.6.1", nodeIndex: 3 });
    manager.upsert(makePod("new"));
    await until(() => expect(status("new")?.phase).toBe("Running"));
    expect(named("_old_POD_0")?.info).toMatchObject({ id: infra, state: "running" });
    expect(named("_old_POD_0")?.config.networkMode).toBeUndefined();
    expect(named("_old_app_1")).toBeUndefined();
  });
});
