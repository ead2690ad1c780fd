// delete --cascade: kubectl's values, the old booleans, and the policy reaching the API.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { SkiffClient } from "@skiff/client";
import { startServer, type TestServer } from "../test-cli.js";
import type { Node, Pod } from "@skiff/api";
import { cascadePolicy, gracePeriodFor } from "./delete.js";
import { createDeployment } from "./workload-fixtures.js";

describe("--cascade", () => {
  it.each([
    ["background", "background", ""],
    ["foreground", "foreground", ""],
    ["orphan", "orphan", ""],
    ["", "background", ""],
    ["true", "background", "warning: --cascade=true is deprecated (boolean value) and can be replaced with --cascade=background.\n"],
    ["false", "orphan", "warning: --cascade=false is deprecated (boolean value) and can be replaced with --cascade=orphan.\n"],
  ])("%j is %s", (value, policy, warning) => {
    let warned = "";
    expect(cascadePolicy(value, (w) => (warned += w))).toBe(policy);
    expect(warned).toBe(warning);
  });

  it("rejects anything else in kubectl's words", () => {
    expect(() => cascadePolicy("sometimes", () => undefined)).toThrow('invalid cascade value (sometimes). Must be "background", "foreground", or "orphan".');
  });
});

const FORCE_WARNING = "Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n";

describe("--grace-period, --force, --now (as kubectl reads them)", () => {
  it.each([
    ["nothing: the pod's own", { gracePeriod: -1, force: false, now: false }, undefined, ""],
    ["--grace-period=5", { gracePeriod: 5, force: false, now: false }, 5, ""],
    ["--grace-period=0 alone becomes 1 (kubectl's guard)", { gracePeriod: 0, force: false, now: false }, 1, ""],
    ["--grace-period=0 --force: at once, with the warning", { gracePeriod: 0, force: true, now: false }, 0, FORCE_WARNING],
    ["--force alone means 0", { gracePeriod: -1, force: true, now: false }, 0, FORCE_WARNING],
    ["--now is 1", { gracePeriod: -1, force: false, now: true }, 1, ""],
  ])("%s", (_, args, grace, warning) => {
    let warned = "";
    expect(gracePeriodFor(args, (w) => (warned += w))).toBe(grace);
    expect(warned).toBe(warning);
  });

  it("refuses what kubectl refuses, naming the flags", () => {
    expect(() => gracePeriodFor({ gracePeriod: 5, force: true, now: false }, () => undefined)).toThrow("--force and --grace-period greater than 0 cannot be specified together");
    expect(() => gracePeriodFor({ gracePeriod: 5, force: false, now: true }, () => undefined)).toThrow("--now and --grace-period cannot be specified together");
    expect(() => gracePeriodFor({ gracePeriod: -3, force: false, now: false }, () => undefined)).toThrow("--grace-period must be a whole number of seconds, or -1 (got -3)");
  });
});

describe("delete against a server", () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer();
  });
  afterAll(() => s?.close());

  it("sends the cascade as the propagationPolicy", async () => {
    const spy = vi.spyOn(SkiffClient.prototype, "delete");
    try {
      await createDeployment(s.client, "a", "nginx");
      await createDeployment(s.client, "b", "nginx");
      expect(await s.at("delete", "deploy", "a", "--cascade=foreground")).toEqual({ code: 0, stdout: 'deployment.apps "a" deleted\n', stderr: "" });
      const r = await s.at("delete", "deploy", "b", "--cascade=false");
      expect(r.stderr).toBe("warning: --cascade=false is deprecated (boolean value) and can be replaced with --cascade=orphan.\n");
      expect(spy.mock.calls.map((c) => [c[1], c[2]?.propagationPolicy])).toEqual([
        ["a", "foreground"],
        ["b", "orphan"],
      ]);
    } finally {
      spy.mockRestore();
    }
  });

  it("a pod on a node is Terminating until its node stops it; --grace-period=0 --force removes it at once", async () => {
    // A Node with no agent behind it: nothing will ever confirm the pod stopped.
    await s.client.nodes.create({ metadata: { name: "g1" }, spec: {} } as Node);
    await s.client.pods.create({ metadata: { name: "slow", namespace: "default" }, spec: { nodeName: "g1", terminationGracePeriodSeconds: 20, containers: [{ name: "app", image: "nginx" }] } } as unknown as Pod);
    expect(await s.at("delete", "pod", "slow", "--grace-period=7")).toEqual({ code: 0, stdout: 'pod "slow" deleted\n', stderr: "" });
    const marked = await s.client.pods.get("slow", { namespace: "default" });
    expect(marked.metadata.deletionGracePeriodSeconds).toBe(7);
    expect((await s.at("get", "pods", "slow")).stdout).toMatch(/^slow +0\/1 +Terminating /m);
    expect(await s.at("delete", "pod", "slow", "--grace-period=0", "--force")).toEqual({ code: 0, stdout: 'pod "slow" force deleted\n', stderr: FORCE_WARNING });
    await expect(s.client.pods.get("slow", { namespace: "default" })).rejects.toThrow(/not found/);
  });

  it("no --grace-period: the pod's own terminationGracePeriodSeconds (the flag's absence is not 0)", async () => {
    await s.client.pods.create({ metadata: { name: "own", namespace: "default" }, spec: { nodeName: "g1", terminationGracePeriodSeconds: 20, containers: [{ name: "app", image: "nginx" }] } } as unknown as Pod);
    expect(await s.at("delete", "pod", "own")).toEqual({ code: 0, stdout: 'pod "own" deleted\n', stderr: "" });
    expect((await s.client.pods.get("own", { namespace: "default" })).metadata.deletionGracePeriodSeconds).toBe(20);
  });
});
