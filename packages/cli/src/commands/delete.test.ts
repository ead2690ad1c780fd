// delete --cascade: kubectl's values, the old booleans, and the policy reaching the API.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { SkiffClient } from "@skiff/client";
import { startServer, type TestServer } from "../test-cli.js";
import { cascadePolicy } from "./delete.js";
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
});
