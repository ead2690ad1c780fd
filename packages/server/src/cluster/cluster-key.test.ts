import { describe, expect, it } from "vitest";
import { ClusterKeyError, deriveClusterKey, openValue, sealValue } from "./cluster-key.js";

const key = deriveClusterKey("c2tpZmYtY2x1c3Rlci1rZXktZm9yLXRlc3Rz\n", "test");
const PEM_KEY = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n";

describe("the cluster key", () => {
  it("derives the same 32-byte key from the same file text, trailing newline or not", () => {
    expect(key).toHaveLength(32);
    expect(deriveClusterKey("c2tpZmYtY2x1c3Rlci1rZXktZm9yLXRlc3Rz", "test").equals(key)).toBe(true);
    expect(deriveClusterKey("another-cluster-key-text", "test").equals(key)).toBe(false);
  });

  it("refuses a key file too short to be a key, naming it", () => {
    expect(() => deriveClusterKey("short\n", "/etc/skiff/cluster.key")).toThrow(/cluster key in \/etc\/skiff\/cluster.key is too short/);
  });
});

describe("sealed values", () => {
  it("open to what was sealed, and show nothing of it", () => {
    const sealed = sealValue(key, "ca-key", PEM_KEY);
    expect(sealed).toMatch(/^skiff:sealed:v1:/);
    expect(sealed).not.toContain("PRIVATE KEY");
    expect(sealed).not.toContain("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC");
    expect(openValue(key, "ca-key", sealed)).toBe(PEM_KEY);
  });

  it("are different each time (a fresh IV), so equal values cannot be told apart", () => {
    expect(sealValue(key, "keyring", "same")).not.toBe(sealValue(key, "keyring", "same"));
  });

  it("do not open with another cluster's key: a ClusterKeyError says so", () => {
    const other = deriveClusterKey("a-different-cluster-key", "test");
    expect(() => openValue(other, "ca-key", sealValue(key, "ca-key", PEM_KEY))).toThrow(ClusterKeyError);
    expect(() => openValue(other, "ca-key", sealValue(key, "ca-key", PEM_KEY))).toThrow(/another cluster's key \(--encryption-key-file\)/);
  });

  it("do not open under another name: a sealed CA key copied over the keyring is refused", () => {
    expect(() => openValue(key, "keyring", sealValue(key, "ca-key", PEM_KEY))).toThrow(ClusterKeyError);
  });

  it("refuse a value that was never sealed", () => {
    expect(() => openValue(key, "keyring", '{"primary":"key1"}')).toThrow(/not sealed/);
  });
});
