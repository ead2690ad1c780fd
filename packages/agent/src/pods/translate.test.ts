import { describe, expect, it } from "vitest";
import type { Container } from "@skiff/api";
import { identify } from "./labels.js";
import { containerConfig, containerSpecHash, infraConfig } from "./translate.js";
import { makePod } from "./testing.js";

const pod = makePod("web", {
  terminationGracePeriodSeconds: 10,
  containers: [
    {
      name: "app",
      image: "nginx:1.27",
      command: ["nginx"],
      args: ["-g", "daemon off;"],
      workingDir: "/srv",
      env: [
        { name: "MODE", value: "prod" },
        { name: "EMPTY", value: "" },
        { name: "FROM_CM", valueFrom: { configMapKeyRef: { name: "cfg", key: "k" } } },
      ],
      ports: [{ containerPort: 80, hostPort: 8080, protocol: "TCP" }, { containerPort: 9090 }],
      resources: { limits: { cpu: "500m", memory: "128Mi" } },
    },
    { name: "side", image: "busybox:1.36", ports: [{ containerPort: 53, hostPort: 5353, protocol: "UDP", hostIP: "0.0.0.0" }] },
  ],
});

describe("infraConfig", () => {
  it("publishes every container's hostPorts, on the node's address unless a port names one", () => {
    const config = infraConfig(pod, "n1", "skiff/pause:1", { hostIP: "127.0.0.2" });
    expect(config).toMatchObject({
      name: "skiff_n1_default_web_POD_0",
      image: "skiff/pause:1",
      hostname: "web",
      portBindings: [
        { containerPort: 80, protocol: "TCP", hostPort: 8080, hostIP: "127.0.0.2" },
        { containerPort: 53, protocol: "UDP", hostPort: 5353, hostIP: "0.0.0.0" },
      ],
    });
    expect(config.networkMode).toBeUndefined();
  });

  it("uses the pod's spec.hostname when it has one", () => {
    expect(infraConfig(makePod("web-0", { hostname: "db" }), "n1", "p").hostname).toBe("db");
  });

  it("labels the container so an agent can find its pod again after a restart", () => {
    expect(identify(infraConfig(pod, "n1", "p", { attempt: 2 }))).toMatchObject({
      podUid: "uid-web",
      podName: "web",
      podNamespace: "default",
      container: "POD",
      attempt: 2,
      graceSeconds: 10,
    });
  });
});

describe("containerConfig", () => {
  const app = pod.spec.containers[0]!;

  it("translates the container and joins the infra container's network", () => {
    const config = containerConfig(pod, app, "n1", "abc123", 3, { backoffStep: 2 });
    expect(config).toMatchObject({
      name: "skiff_n1_default_web_app_3",
      image: "nginx:1.27",
      command: ["nginx"],
      args: ["-g", "daemon off;"],
      workingDir: "/srv",
      networkMode: "container:abc123",
      cpuLimitMilli: 500,
      memoryLimitBytes: 128 * 2 ** 20,
    });
    // Docker refuses a hostname with `container:` networking; the infra container's is used.
    expect(config.hostname).toBeUndefined();
    expect(config.portBindings).toBeUndefined();
    expect(config.labels).toMatchObject({
      "skiff.node": "n1",
      "skiff.pod.uid": "uid-web",
      "skiff.container": "app",
      "skiff.restart": "3",
      "skiff.infra": "abc123",
      "skiff.backoff-step": "2",
      "skiff.spec-hash": containerSpecHash(app),
    });
  });

  it("passes plain env values without resolved env (valueFrom needs the configs: env.ts)", () => {
    expect(containerConfig(pod, app, "n1", "x", 0).env).toEqual(["MODE=prod", "EMPTY="]);
  });

  it("leaves unset fields unset, so the image's own entrypoint and cmd apply", () => {
    const config = containerConfig(pod, pod.spec.containers[1]!, "n1", "x", 0);
    for (const field of ["command", "args", "env", "workingDir", "cpuLimitMilli", "memoryLimitBytes"] as const) {
      expect(config[field]).toBeUndefined();
    }
  });
});

describe("containerSpecHash", () => {
  const app = pod.spec.containers[0]!;
  it("changes with the image or the command, not with probes or the field order", () => {
    expect(containerSpecHash({ ...app, image: "nginx:1.28" })).not.toBe(containerSpecHash(app));
    expect(containerSpecHash({ ...app, args: [] })).not.toBe(containerSpecHash(app));
    expect(containerSpecHash({ ...app, readinessProbe: { tcpSocket: { port: 80 } } })).toBe(containerSpecHash(app));
    const reordered = Object.fromEntries(Object.entries(app).reverse()) as typeof app;
    expect(containerSpecHash(reordered)).toBe(containerSpecHash(app));
  });
});
