import { describe, expect, it } from "vitest";
import { hashSecret } from "@skiff/api";
import { verifyToken, type TokenRecord } from "./tokens.js";

const NOW = Date.parse("2030-01-01T00:00:00Z");
const record = (over: Partial<TokenRecord> = {}): TokenRecord => ({
  id: "abcdef",
  usage: "api",
  secretHash: hashSecret("0123456789abcdef"),
  created: new Date(NOW - 1000).toISOString(),
  usages: 0,
  ...over,
});

describe("verifyToken", () => {
  it("accepts the right secret of a live token", () => {
    expect(verifyToken([record()], "abcdef.0123456789abcdef", "api", NOW)).toEqual({ record: record() });
  });

  it.each([
    ["malformed token", "nonsense", record()],
    ["unknown token", "zzzzzz.0123456789abcdef", record()],
    ["wrong token", "abcdef.0123456789abcdeX".toLowerCase().replace("x", "y"), record()],
    ["expired token", "abcdef.0123456789abcdef", record({ expires: new Date(NOW).toISOString() })],
    ["token of the wrong kind", "abcdef.0123456789abcdef", record({ usage: "join" })],
  ])("refuses a %s", (reason, text, r) => {
    expect(verifyToken([r], text, "api", NOW)).toEqual({ refused: reason });
  });

  it("accepts a join token until its expiry, with the CA hash in front", () => {
    const r = record({ usage: "join", expires: new Date(NOW + 1).toISOString() });
    expect(verifyToken([r], `SKIFF-1-${"0".repeat(64)}-abcdef.0123456789abcdef`, "join", NOW)).toEqual({ record: r });
  });
});

describe("TokenStore kept by another server's changes", () => {
  it("knows a token another server made, and forgets one it revoked", async () => {
    const { TokenStore } = await import("./tokens.js");
    const saved: unknown[] = [];
    const store = new TokenStore({ save: async (_all, change) => void saved.push(change) }, [], () => NOW);
    const other = record({ id: "zzzzzz" });
    expect(store.verify("zzzzzz.0123456789abcdef", "api")).toEqual({ refused: "unknown token" });
    store.observed({ put: other });
    expect(store.verify("zzzzzz.0123456789abcdef", "api")).toEqual({ record: other });
    store.observed({ deleted: "zzzzzz" });
    expect(store.verify("zzzzzz.0123456789abcdef", "api")).toEqual({ refused: "unknown token" });
    store.observed({ all: [other] });
    expect(store.list().map((t) => t.id)).toEqual(["zzzzzz"]);
    expect(saved).toEqual([]);
  });

  it("saves one record per change: the new one, or the id revoked", async () => {
    const { TokenStore } = await import("./tokens.js");
    const saved: unknown[] = [];
    const store = new TokenStore({ save: async (_all, change) => void saved.push(change) }, [], () => NOW);
    const { record: made } = await store.create("join");
    await store.revoke(made.id);
    expect(saved).toEqual([{ put: made }, { deleted: made.id }]);
    expect(JSON.stringify(saved)).not.toMatch(/"secret"/);
  });
});
