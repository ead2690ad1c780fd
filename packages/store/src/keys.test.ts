import { describe, expect, it } from "vitest";
import { ValidationError } from "@skiff/api";
import { kindPrefix, namespacePrefix, prefixRange, storeKey } from "./keys.js";

describe("storeKey", () => {
  it("lays out namespaced and cluster-scoped objects with three segments", () => {
    expect(storeKey({ kind: "Pod", namespace: "default", name: "web" })).toBe("/Pod/default/web");
    expect(storeKey({ kind: "Node", name: "n1" })).toBe("/Node//n1");
    expect(storeKey({ kind: "Node", namespace: "", name: "n1" })).toBe("/Node//n1");
  });

  it("refuses segments that would make prefix scans ambiguous", () => {
    expect(() => storeKey({ kind: "Pod", namespace: "a/b", name: "web" })).toThrow(ValidationError);
    expect(() => storeKey({ kind: "Pod", namespace: "a", name: "x/y" })).toThrow(/metadata.name/);
    expect(() => storeKey({ kind: "Pod", namespace: "a", name: "" })).toThrow(/must not be empty/);
    expect(() => storeKey({ kind: "", name: "x" })).toThrow(/kind/);
  });
});

describe("prefixes", () => {
  const inRange = (key: string, prefix: string) => {
    const { gte, lt } = prefixRange(prefix);
    return key >= gte && key < lt;
  };

  it("a kind's prefix holds all its objects and no other kind's", () => {
    expect(inRange("/Pod/default/web", kindPrefix("Pod"))).toBe(true);
    expect(inRange("/Node//n1", kindPrefix("Node"))).toBe(true);
    expect(inRange("/PodTemplate/default/web", kindPrefix("Pod"))).toBe(false);
  });

  it("a namespace's prefix holds only that namespace", () => {
    expect(inRange("/Pod/default/web", namespacePrefix("Pod", "default"))).toBe(true);
    expect(inRange("/Pod/default2/web", namespacePrefix("Pod", "default"))).toBe(false);
    expect(inRange("/Pod/a-b/web", namespacePrefix("Pod", "a"))).toBe(false);
  });
});
