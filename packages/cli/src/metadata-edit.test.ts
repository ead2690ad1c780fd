import { describe, expect, it } from "vitest";
import { ANNOTATIONS, applyMetadataChanges, LABELS, parseMetadataArgs } from "./metadata-edit.js";

describe("parseMetadataArgs", () => {
  it("splits objects from KEY=VALUE and KEY- changes", () => {
    const c = parseMetadataArgs(["pod", "web", "app=v2", "tier-", "empty="], LABELS);
    expect(c).toEqual({ resources: ["pod", "web"], set: new Map([["app", "v2"], ["empty", ""]]), remove: ["tier"] });
  });

  it.each([
    [["app=v2"], "one or more resources must be specified as <resource> <name> or <resource>/<name>"],
    [["pod/web"], "at least one label update is required"],
    [["pod/web", "a=1", "pod/other"], "all resources must be specified before label changes: pod/other"],
    [["pod/web", "=1"], "invalid label spec: =1"],
    [["pod/web", "a=1", "a-"], "can not both modify and remove the following label(s) in the same command: a"],
  ])("%j: %s", (words, message) => {
    expect(() => parseMetadataArgs(words, LABELS)).toThrow(message);
  });
});

describe("applyMetadataChanges", () => {
  const change = (set: Record<string, string>, remove: string[] = []) => ({ set: new Map(Object.entries(set)), remove });

  it("adds, and says labeled", () => {
    expect(applyMetadataChanges({ app: "web" }, change({ tier: "front" }), false, LABELS)).toEqual({ map: { app: "web", tier: "front" }, outcome: "labeled", absent: [] });
  });

  it("refuses to change a value without --overwrite, in kubectl's words", () => {
    expect(() => applyMetadataChanges({ app: "web" }, change({ app: "db" }), false, LABELS)).toThrow("'app' already has a value (web), and --overwrite is false");
    expect(applyMetadataChanges({ app: "web" }, change({ app: "db" }), true, LABELS).map).toEqual({ app: "db" });
  });

  it("setting the same value is no change", () => {
    expect(applyMetadataChanges({ app: "web" }, change({ app: "web" }), false, LABELS).outcome).toBe("not labeled");
  });

  it("removes, says unlabeled, and names keys that were not there", () => {
    expect(applyMetadataChanges({ app: "web", tier: "f" }, change({}, ["tier", "zone"]), false, LABELS)).toEqual({ map: { app: "web" }, outcome: "unlabeled", absent: ["zone"] });
    expect(applyMetadataChanges(undefined, change({}, ["zone"]), false, ANNOTATIONS)).toEqual({ map: {}, outcome: "not annotated", absent: ["zone"] });
  });
});
