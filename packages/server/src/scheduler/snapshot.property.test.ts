// The snapshot is an index over the Pod and Node caches, kept up to date by events and by the
// scheduler's own binds. Whatever the order of events (pods bound, moved, finished, deleted; nodes
// added and removed; binds assumed, then confirmed or forgotten, and the informer showing them
// early or late), each NodeInfo it hands out equals one recomputed from the caches and the
// outstanding binds, its per-controller counts included, and the nodes come in name order.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Node, Pod } from "@skiff/api";
import { IndexedCache } from "../informer/indexed-cache.js";
import { standardIndexers } from "../informer/indexers.js";
import { objectKey } from "../informer/keys.js";
import { nodeInfo } from "./node-info.js";
import { holdsResources } from "./pod-state.js";
import { Snapshot } from "./snapshot.js";
import { makeNode, makePod } from "./test-fixtures.js";
import type { NodeInfo } from "./types.js";

const PODS = ["a", "b", "c", "d"];
const NODES = ["n1", "n2", "n3"];
const OWNERS = ["rs1", "rs2"];

const step = fc.oneof(
  fc.record({
    op: fc.constant("setPod" as const),
    name: fc.constantFrom(...PODS),
    // Half the pods pending (unbound), for the scheduler to bind.
    node: fc.oneof(fc.constant(undefined), fc.constantFrom(...NODES)),
    owner: fc.option(fc.constantFrom(...OWNERS), { nil: undefined }),
    phase: fc.constantFrom("Pending" as const, "Running" as const, "Succeeded" as const),
  }),
  fc.record({ op: fc.constant("deletePod" as const), name: fc.constantFrom(...PODS) }),
  fc.record({ op: fc.constant("setNode" as const), name: fc.constantFrom(...NODES), pods: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ op: fc.constant("deleteNode" as const), name: fc.constantFrom(...NODES) }),
  // The scheduler binds a cached, unbound pod; the write is later stored (or refused).
  fc.record({ op: fc.constant("assume" as const), name: fc.constantFrom(...PODS), node: fc.constantFrom(...NODES) }),
  fc.record({ op: fc.constant("writeReturns" as const), name: fc.constantFrom(...PODS), stored: fc.boolean(), informerFirst: fc.boolean() }),
  fc.constant({ op: "refresh" as const }),
);

/** What a NodeInfo says, in a form that compares by value. */
function view(info: NodeInfo | undefined) {
  if (!info) return undefined;
  return {
    name: info.name,
    requested: info.requested,
    pods: info.pods.map((p) => `${objectKey(p)}@${p.spec.nodeName}`).sort(),
    byController: [...info.podsByController.entries()].sort(),
  };
}

describe("Snapshot (property)", () => {
  it("always equals a recomputation from the caches and the binds in flight", () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const nodes = new IndexedCache<Node>();
        const pods = new IndexedCache<Pod>(standardIndexers("Pod"));
        const snapshot = new Snapshot({ nodes: { get: (n) => nodes.get(n), list: () => [...nodes.values()] }, pods });
        let revision = 1;
        /** Binds in flight or stored but not yet shown by the informer: key -> the bound pod (and its stored version once the write returned). */
        const inFlight = new Map<string, { bound: Pod; stored?: Pod }>();
        const setPod = (p: Pod) => {
          const old = pods.get(objectKey(p));
          pods.set(objectKey(p), p);
          snapshot.podChanged(old, p);
        };
        const at = (p: Pod): Pod => ({ ...p, metadata: { ...p.metadata, resourceVersion: String(++revision) } });

        for (const s of steps) {
          if (s.op === "setPod") {
            const key = `default/${s.name}`;
            const p = at(makePod(s.name, { nodeName: s.node, owner: s.owner, phase: s.phase }));
            setPod(p);
            // A newer version of the pod than our stored bind: the bind is settled (or lost to it).
            const f = inFlight.get(key);
            if (f?.stored) inFlight.delete(key);
          } else if (s.op === "deletePod") {
            const old = pods.get(`default/${s.name}`);
            if (old) {
              pods.delete(objectKey(old));
              snapshot.podChanged(old, undefined);
              if (inFlight.get(objectKey(old))?.stored) inFlight.delete(objectKey(old));
            }
          } else if (s.op === "setNode") {
            nodes.set(s.name, makeNode(s.name, { pods: s.pods }));
            snapshot.nodeChanged(s.name);
          } else if (s.op === "deleteNode") {
            nodes.delete(s.name);
            snapshot.nodeChanged(s.name);
          } else if (s.op === "assume") {
            const cached = pods.get(`default/${s.name}`);
            if (!cached || cached.spec.nodeName || snapshot.isAssumed(objectKey(cached))) continue;
            const bound = { ...cached, spec: { ...cached.spec, nodeName: s.node } };
            snapshot.assume(bound);
            inFlight.set(objectKey(cached), { bound });
          } else if (s.op === "writeReturns") {
            const key = `default/${s.name}`;
            const f = inFlight.get(key);
            if (!f || f.stored) continue;
            const cached = pods.get(key);
            if (!s.stored || !cached || cached.metadata.resourceVersion !== f.bound.metadata.resourceVersion) {
              // Refused (the pod changed or went): the scheduler forgets the bind.
              snapshot.forget(key);
              inFlight.delete(key);
              continue;
            }
            const stored = at(f.bound);
            if (s.informerFirst) {
              setPod(stored);
              snapshot.confirm(stored);
              inFlight.delete(key);
            } else {
              snapshot.confirm(stored);
              inFlight.set(key, { bound: f.bound, stored });
            }
          } else {
            snapshot.refresh();
          }

          // The expected snapshot: per cached node, its cached pods holding room (but those with
          // a bind in flight, which count as bound where the bind put them).
          const ordered = snapshot.refreshOrdered();
          const expected = [...nodes.values()]
            .sort((x, y) => (x.metadata.name < y.metadata.name ? -1 : 1))
            .map((node) => {
              const name = node.metadata.name;
              const placed = [...pods.values()].filter((p) => p.spec.nodeName === name && holdsResources(p) && !inFlight.has(objectKey(p)));
              for (const f of inFlight.values()) if (f.bound.spec.nodeName === name) placed.push(f.stored ?? f.bound);
              return view(nodeInfo(node, placed));
            });
          expect(ordered.map(view)).toEqual(expected);
          const infos = snapshot.refresh();
          for (const info of ordered) expect(infos.get(info.name)).toBe(info);
        }
      }),
      { numRuns: 300 },
    );
  });
});
