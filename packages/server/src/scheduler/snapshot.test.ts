import { describe, expect, it } from "vitest";
import type { Pod } from "@skiff/api";
import { nodeInfos, placedPods } from "./snapshot.js";
import { makeNode, makePod } from "./test-fixtures.js";

const at = (pod: Pod, rv: number): Pod => ({ ...pod, metadata: { ...pod.metadata, resourceVersion: String(rv) } });

describe("placedPods", () => {
  it("counts bound, unfinished pods only", () => {
    const pods = [makePod("a", { nodeName: "n" }), makePod("b"), makePod("c", { nodeName: "n", phase: "Succeeded" }), makePod("d", { nodeName: "n", phase: "Failed" })];
    expect(placedPods(pods, new Map()).placed.map((p) => p.metadata.name)).toEqual(["a"]);
  });

  it("counts our bind before the informer shows it, and forgets it once it does", () => {
    const cached = at(makePod("a"), 5);
    const bound = at(makePod("a", { nodeName: "n" }), 6);
    const before = placedPods([cached], new Map([["default/a", bound]]));
    expect(before.placed).toEqual([bound]);
    expect(before.settled).toEqual([]);
    const after = placedPods([bound], new Map([["default/a", bound]]));
    expect(after.settled).toEqual(["default/a"]);
  });

  it("forgets an assumed pod that was deleted", () => {
    const out = placedPods([], new Map([["default/a", at(makePod("a", { nodeName: "n" }), 6)]]));
    expect(out).toEqual({ placed: [], settled: ["default/a"] });
  });
});

describe("nodeInfos", () => {
  it("puts each pod on its node and ignores pods of unknown nodes", () => {
    const infos = nodeInfos([makeNode("n1"), makeNode("n2")], [makePod("a", { nodeName: "n1", cpu: "1" }), makePod("b", { nodeName: "gone", cpu: "1" })]);
    expect(infos.get("n1")?.requested).toEqual({ milliCpu: 1000, memory: 0, pods: 1 });
    expect(infos.get("n2")?.requested).toEqual({ milliCpu: 0, memory: 0, pods: 0 });
  });
});
