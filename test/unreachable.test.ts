// The CLI says plainly when the server cannot be reached: the address and how to start one.
import { describe, expect, it } from "vitest";
import { freePort, skiff } from "./support/skiff.js";

describe("no server", () => {
  it("get: names the address, says how to start a server, exit 1, no stack trace", async () => {
    const address = `127.0.0.1:${await freePort()}`;
    const r = await skiff(["get", "pods"], { env: { SKIFF_SERVER: address } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(address);
    expect(r.stderr).toContain("skiff server");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("--server wins over SKIFF_SERVER", async () => {
    const address = `127.0.0.1:${await freePort()}`;
    const r = await skiff(["get", "pods", "--server", address], { env: { SKIFF_SERVER: "127.0.0.1:1" } });
    expect(r.stderr).toContain(address);
  });
});
