import { describe, expect, it } from "vitest";
import type { Node, Pod } from "@skiff/api";
import { IndexedCache } from "../informer/indexed-cache.js";
import { standardIndexers } from "../informer/indexers.js";
import { objectKey } from "../informer/keys.js";
import { Snapshot } from "./snapshot.js";
import { makeNode, makePod } from "./test-fixtures.js";

const at = (pod: Pod, rv: number): Pod => ({ ...pod, metadata: { ...pod.metadata, resourceVersion: String(rv) } });

/** A snapshot over two indexed caches, and a way to change them as informer events would. */
function setup(nodes: Node[], pods: Pod[]) {
  const nodeCache = new IndexedCache<Node>();
  const podCache = new IndexedCache<Pod>(standardIndexers("Pod"));
  for (const n of nodes) nodeCache.set(n.metadata.name, n);
  for (const p of pods) podCache.set(objectKey(p), p);
  const snapshot = new Snapshot({ nodes: { get: (n) => nodeCache.get(n), list: () => [...nodeCache.values()] }, pods: podCache });
  const setPod = (p: Pod) => {
    const old = podCache.get(objectKey(p));
    podCache.set(objectKey(p), p);
    snapshot.podChanged(old, p);
  };
  const deletePod = (p: Pod) => {
    podCache.delete(objectKey(p));
    snapshot.podChanged(p, undefined);
  };
  return { snapshot, setPod, deletePod };
}

const names = (info: { pods: readonly Pod[] } | undefined) => info?.pods.map((p) => p.metadata.name).sort();

describe("Snapshot", () => {
  it("counts bound, unfinished pods only, each on its node; pods of unknown nodes nowhere", () => {
    const pods = [
      makePod("a", { nodeName: "n1", cpu: "1" }),
      makePod("b"),
      makePod("c", { nodeName: "n1", phase: "Succeeded" }),
      makePod("d", { nodeName: "n1", phase: "Failed" }),
      makePod("e", { nodeName: "gone", cpu: "1" }),
    ];
    const infos = setup([makeNode("n1"), makeNode("n2")], pods).snapshot.refresh();
    expect(names(infos.get("n1"))).toEqual(["a"]);
    expect(infos.get("n1")?.requested).toEqual({ milliCpu: 1000, memory: 0, pods: 1 });
    expect(infos.get("n2")?.requested).toEqual({ milliCpu: 0, memory: 0, pods: 0 });
  });

  it("rebuilds only the nodes an event touched", () => {
    const { snapshot, setPod, deletePod } = setup([makeNode("n1"), makeNode("n2")], [makePod("a", { nodeName: "n1" })]);
    const first = snapshot.refresh();
    const n2 = first.get("n2");
    setPod(makePod("b", { nodeName: "n1" }));
    const second = snapshot.refresh();
    expect(names(second.get("n1"))).toEqual(["a", "b"]);
    expect(second.get("n2")).toBe(n2); // untouched: the same object
    deletePod(makePod("a", { nodeName: "n1" }));
    expect(names(snapshot.refresh().get("n1"))).toEqual(["b"]);
  });

  it("counts our bind before the informer shows it, and forgets it once it does", () => {
    const cached = at(makePod("a"), 5);
    const { snapshot, setPod } = setup([makeNode("n")], [cached]);
    snapshot.refresh();
    snapshot.assume(at(makePod("a", { nodeName: "n" }), 5)); // decided; its write is on its way
    expect(names(snapshot.refresh().get("n"))).toEqual(["a"]);
    setPod(at(makePod("a"), 5)); // an event of the version before the bind settles nothing
    expect(snapshot.isAssumed("default/a")).toBe(true);
    const bound = at(makePod("a", { nodeName: "n" }), 6);
    snapshot.confirm(bound); // stored as revision 6
    expect(snapshot.isAssumed("default/a")).toBe(true);
    setPod(bound);
    expect(names(snapshot.refresh().get("n"))).toEqual(["a"]);
    expect(snapshot.isAssumed("default/a")).toBe(false);
  });

  it("forgets an assumed pod that was deleted", () => {
    const { snapshot, deletePod } = setup([makeNode("n")], [at(makePod("a"), 5)]);
    snapshot.refresh();
    snapshot.assume(at(makePod("a", { nodeName: "n" }), 6));
    deletePod(at(makePod("a", { nodeName: "n" }), 7));
    expect(names(snapshot.refresh().get("n"))).toEqual([]);
    expect(snapshot.isAssumed("default/a")).toBe(false);
  });

  it("forgets an assumed pod when a namesake replaces it, without waiting for a refresh", () => {
    const { snapshot, setPod } = setup([makeNode("n")], [at(makePod("web-0"), 5)]);
    snapshot.refresh();
    snapshot.assume(at(makePod("web-0", { nodeName: "n" }), 5));
    snapshot.confirm(at(makePod("web-0", { nodeName: "n" }), 6));
    setPod(at(makePod("web-0"), 9)); // deleted and created again, pending
    expect(snapshot.isAssumed("default/web-0")).toBe(false);
  });

  it("stops counting a bind whose write failed", () => {
    const { snapshot } = setup([makeNode("n")], [at(makePod("a"), 5)]);
    snapshot.refresh();
    snapshot.assume(at(makePod("a", { nodeName: "n" }), 5));
    expect(names(snapshot.refresh().get("n"))).toEqual(["a"]);
    snapshot.forget("default/a");
    expect(snapshot.isAssumed("default/a")).toBe(false);
    expect(names(snapshot.refresh().get("n"))).toEqual([]);
  });

  it("hands the nodes over in name order, the same array while no node comes or goes", () => {
    const { snapshot, setPod } = setup([makeNode("n3"), makeNode("n1"), makeNode("n2")], []);
    const first = snapshot.refreshOrdered();
    expect(first.map((i) => i.name)).toEqual(["n1", "n2", "n3"]);
    setPod(makePod("a", { nodeName: "n2" }));
    const second = snapshot.refreshOrdered();
    expect(second).toBe(first);
    expect(names(second[1])).toEqual(["a"]);
  });
});
