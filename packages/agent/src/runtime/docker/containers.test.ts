import { describe, expect, it } from "vitest";
import type { ContainerConfig } from "../runtime.js";
import { createOptions } from "./containers.js";

const base: ContainerConfig = { name: "skiff_n1_default_web_app_0", image: "nginx:1", labels: { "skiff.pod": "web" } };

describe("createOptions (ContainerConfig -> Docker create request)", () => {
  it("keeps a minimal config minimal, and never lets Docker restart or remove the container", () => {
    expect(createOptions(base)).toEqual({
      name: base.name,
      Image: "nginx:1",
      Labels: { "skiff.pod": "web" },
      HostConfig: { RestartPolicy: { Name: "no" }, AutoRemove: false },
    });
  });

  it("maps command to Entrypoint and args to Cmd, as Kubernetes does", () => {
    const o = createOptions({ ...base, command: ["/bin/sh", "-c"], args: ["echo hi"] });
    expect(o.Entrypoint).toEqual(["/bin/sh", "-c"]);
    expect(o.Cmd).toEqual(["echo hi"]);
    expect(createOptions({ ...base, args: ["x"] }).Entrypoint).toBeUndefined();
  });

  it("passes env, working dir, hostname, DNS and network mode through", () => {
    const o = createOptions({
      ...base,
      env: ["A=1"],
      workingDir: "/app",
      hostname: "web-0",
      dns: ["10.0.0.10"],
      dnsSearch: ["default.svc.cluster.local"],
      networkMode: "container:abc",
    });
    expect(o).toMatchObject({ Env: ["A=1"], WorkingDir: "/app", Hostname: "web-0" });
    expect(o.HostConfig).toMatchObject({ Dns: ["10.0.0.10"], DnsSearch: ["default.svc.cluster.local"], NetworkMode: "container:abc" });
  });

  it("exposes and publishes ports, several host bindings per container port", () => {
    const o = createOptions({
      ...base,
      portBindings: [
        { containerPort: 80, protocol: "TCP", hostPort: 8080, hostIP: "127.0.0.1" },
        { containerPort: 80, protocol: "TCP", hostPort: 8081 },
        { containerPort: 53, protocol: "UDP", hostPort: 5353 },
      ],
    });
    expect(o.ExposedPorts).toEqual({ "80/tcp": {}, "53/udp": {} });
    expect(o.HostConfig?.PortBindings).toEqual({
      "80/tcp": [
        { HostIp: "127.0.0.1", HostPort: "8080" },
        { HostIp: "", HostPort: "8081" },
      ],
      "53/udp": [{ HostIp: "", HostPort: "5353" }],
    });
  });

  it("turns millicores into NanoCpus and sets memory without swap", () => {
    const o = createOptions({ ...base, cpuLimitMilli: 250, memoryLimitBytes: 64 * 2 ** 20 });
    expect(o.HostConfig).toMatchObject({ NanoCpus: 250_000_000, Memory: 67_108_864, MemorySwap: 67_108_864 });
  });

  it("maps bind, volume and tmpfs mounts", () => {
    const o = createOptions({
      ...base,
      mounts: [
        { type: "bind", source: "/srv/data", target: "/data", readOnly: true },
        { type: "volume", source: "skiff_cache", target: "/cache" },
        { type: "tmpfs", target: "/scratch", sizeBytes: 1 << 20 },
      ],
    });
    expect(o.HostConfig?.Mounts).toEqual([
      { Type: "bind", Source: "/srv/data", Target: "/data", ReadOnly: true },
      { Type: "volume", Source: "skiff_cache", Target: "/cache", ReadOnly: false },
      { Type: "tmpfs", Source: "", Target: "/scratch", ReadOnly: false, TmpfsOptions: { SizeBytes: 1 << 20, Mode: 0o1777 } },
    ]);
  });
});
