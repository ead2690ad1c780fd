import { describe, expect, it } from "vitest";
import type { Container } from "@skiff/api";
import { httpSuccess, httpTarget, resolvePort, tcpTarget } from "./targets.js";

const main: Container = { name: "main", image: "busybox", ports: [{ name: "http", containerPort: 8080 }, { name: "admin", containerPort: 9090 }] };

describe("probe targets", () => {
  it.each<[string, number | string, ReturnType<typeof resolvePort>]>([
    ["a number", 80, { ok: true, value: 80 }],
    ["a number in a string", "81", { ok: true, value: 81 }],
    ["a port's name", "admin", { ok: true, value: 9090 }],
    ["an unknown name", "metrics", { ok: false, message: "couldn't find port: metrics in container main" }],
  ])("resolves a port given as %s", (_name, port, want) => {
    expect(resolvePort(port, main)).toEqual(want);
  });

  it("GETs the pod's IP by default, with the probe's path and headers", () => {
    const t = httpTarget({ port: "http", path: "ready", httpHeaders: [{ name: "Host", value: "example.com" }, { name: "X-Probe", value: "1" }] }, main, "10.244.6.23");
    expect(t).toEqual({
      ok: true,
      value: {
        url: "http://10.244.6.23:8080/ready",
        host: "10.244.6.23",
        port: 8080,
        path: "/ready",
        headers: { "User-Agent": "kube-probe/skiff", Accept: "*/*", Host: "example.com", "X-Probe": "1" },
      },
    });
  });

  it("uses the probe's host when it names one, and / as the default path", () => {
    expect(httpTarget({ port: 80, host: "127.0.0.1" }, main, "10.0.0.2")).toMatchObject({ ok: true, value: { url: "http://127.0.0.1:80/" } });
    expect(tcpTarget({ port: "http" }, main, "10.0.0.2")).toEqual({ ok: true, value: { host: "10.0.0.2", port: 8080 } });
  });

  it("has nothing to probe before the pod has an IP", () => {
    expect(tcpTarget({ port: 80 }, main, undefined)).toMatchObject({ ok: false });
  });

  it.each([[199, false], [200, true], [302, true], [399, true], [400, false], [503, false]])("status %d is success: %s", (status, want) => {
    expect(httpSuccess(status)).toBe(want);
  });
});
