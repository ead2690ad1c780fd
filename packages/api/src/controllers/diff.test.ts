import { describe, expect, it } from "vitest";
import type { ApiObject } from "../meta.js";
import { diffCache } from "./diff.js";
import { keyOf as objectKey } from "./keys.js";

const obj = (name: string, rv: string, namespace = "default"): ApiObject => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name, namespace, resourceVersion: rv },
});
const cacheOf = (...objs: ApiObject[]) => new Map(objs.map((o) => [objectKey(o), o]));
const names = (objs: ApiObject[]) => objs.map((o) => `${o.metadata.name}@${o.metadata.resourceVersion}`);

describe("diffCache", () => {
  const cases: { name: string; cache: ApiObject[]; listed: ApiObject[]; added: string[]; updated: string[]; deleted: string[] }[] = [
    { name: "empty cache: everything is added", cache: [], listed: [obj("a", "1"), obj("b", "2")], added: ["a@1", "b@2"], updated: [], deleted: [] },
    { name: "same versions: nothing changed", cache: [obj("a", "1")], listed: [obj("a", "1")], added: [], updated: [], deleted: [] },
    { name: "a new version is an update", cache: [obj("a", "1")], listed: [obj("a", "5")], added: [], updated: ["a@5"], deleted: [] },
    { name: "gone from the list is a delete, in its cached state", cache: [obj("a", "1"), obj("b", "2")], listed: [obj("b", "2")], added: [], updated: [], deleted: ["a@1"] },
    { name: "all at once", cache: [obj("a", "1"), obj("b", "2")], listed: [obj("b", "3"), obj("c", "3")], added: ["c@3"], updated: ["b@3"], deleted: ["a@1"] },
  ];
  it.each(cases)("$name", ({ cache, listed, added, updated, deleted }) => {
    const diff = diffCache(cacheOf(...cache), listed);
    expect(names(diff.added)).toEqual(added);
    expect(names(diff.updated.map(([, now]) => now))).toEqual(updated);
    expect(names(diff.deleted)).toEqual(deleted);
  });

  it("tells namespaces apart", () => {
    const diff = diffCache(cacheOf(obj("a", "1", "x")), [obj("a", "1", "y")]);
    expect(diff.added).toHaveLength(1);
    expect(diff.deleted).toHaveLength(1);
  });
});
