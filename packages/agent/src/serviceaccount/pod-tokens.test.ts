import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import type { Pod } from "@skiff/api";
import { PodTokens } from "./pod-tokens.js";

const pod = (automount?: boolean): Pod =>
  ({ apiVersion: "v1", kind: "Pod", metadata: { name: "web", namespace: "team-a", uid: "u1" }, spec: { containers: [], ...(automount === undefined ? {} : { automountServiceAccountToken: automount }) } }) as Pod;

let dir = "";
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("PodTokens", () => {
  it("writes token, ca.crt and namespace, mounts them read-only, and rewrites the token in place before it expires", async () => {
    dir = await mkdtemp(join(tmpdir(), "pod-tokens-"));
    let n = 0;
    // Each token lives 500 ms: the next is asked for at 400 ms.
    const source = { serviceAccountToken: async () => ({ token: `token-${++n}`, expiresAtMs: Date.now() + 500 }) };
    const tokens = new PodTokens({ source, caPem: () => "CA", dir, log: pino({ level: "silent" }) });
    const mount = await tokens.mountFor(pod());
    expect(mount).toEqual({ type: "bind", source: join(dir, "u1", "serviceaccount"), target: "/var/run/secrets/kubernetes.io/serviceaccount", readOnly: true });
    const file = (name: string) => readFile(join(mount!.source!, name), "utf8");
    expect([await file("token"), await file("ca.crt"), await file("namespace")]).toEqual(["token-1", "CA", "team-a"]);
    const start = Date.now();
    // Polled (the machine may be slow): the new token appears at 80% of the first one's life, not before.
    while ((await file("token")) === "token-1" && Date.now() - start < 10_000) await new Promise((r) => setTimeout(r, 20));
    expect(await file("token")).toBe("token-2");
    expect(Date.now() - start).toBeGreaterThanOrEqual(350);
    tokens.forget("u1");
    // Removed in the background: wait until it is gone (or fail after 5 s).
    const gone = async () => stat(join(dir, "u1")).then(() => false, () => true);
    for (const until = Date.now() + 5_000; !(await gone()) && Date.now() < until; ) await new Promise((r) => setTimeout(r, 20));
    await expect(stat(join(dir, "u1"))).rejects.toThrow();
  });

  it("mounts nothing for a pod that says automountServiceAccountToken: false, and says why when the server refuses", async () => {
    dir = await mkdtemp(join(tmpdir(), "pod-tokens-"));
    const refused = { serviceAccountToken: async () => Promise.reject(new Error('serviceaccount "default" not found')) };
    const tokens = new PodTokens({ source: refused, caPem: () => "CA", dir, log: pino({ level: "silent" }) });
    expect(await tokens.mountFor(pod(false))).toBeUndefined();
    await expect(tokens.mountFor(pod())).rejects.toThrow(/cannot get the service account token of pod team-a\/web: serviceaccount "default" not found/);
    tokens.forget("u1");
  });
});
