import { describe, expect, it } from "vitest";
import { formatJoinToken, hashSecret, newTokenId, newTokenSecret, parseCaCertHash, parseJoinToken, secretMatches } from "./join-token.js";

const HASH = `sha256:${"ab".repeat(32)}`;

describe("join tokens", () => {
  it("round-trips a token with its CA hash, Swarm style", () => {
    const t = { id: newTokenId(), secret: newTokenSecret(), caCertHash: HASH };
    const text = formatJoinToken(t);
    expect(text).toMatch(/^SKIFF-1-[0-9a-f]{64}-[a-z0-9]{6}\.[a-z0-9]{24}$/);
    expect(parseJoinToken(text)).toEqual(t);
  });

  it("reads a bare <id>.<secret>, without a hash", () => {
    expect(parseJoinToken(" abcdef.0123456789abcdef \n")).toEqual({ id: "abcdef", secret: "0123456789abcdef" });
  });

  it("refuses malformed tokens without echoing them", () => {
    for (const bad of ["", "abcdef", "ABCDEF.0123456789abcdef", "abcdef.short", "SKIFF-1-zz-abcdef.0123456789abcdef"]) {
      expect(() => parseJoinToken(bad)).toThrow();
      try {
        parseJoinToken(bad);
      } catch (err) {
        if (bad.length > 8) expect((err as Error).message).not.toContain(bad);
      }
    }
  });

  it("stores a hash that only the right secret matches", () => {
    const h = hashSecret("0123456789abcdef");
    expect(h).not.toContain("0123456789abcdef");
    expect(secretMatches("0123456789abcdef", h)).toBe(true);
    expect(secretMatches("0123456789abcdeg", h)).toBe(false);
  });

  it("reads CA hashes with or without the sha256: prefix", () => {
    expect(parseCaCertHash(HASH)).toBe("ab".repeat(32));
    expect(parseCaCertHash("AB".repeat(32))).toBe("ab".repeat(32));
    expect(() => parseCaCertHash("sha256:abc")).toThrow(/not a CA hash/);
  });
});
