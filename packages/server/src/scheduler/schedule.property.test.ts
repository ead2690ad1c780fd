// The invariant that matters most: whatever the nodes and the pods, scheduling them one after
// another (accounting each bind, as the component does) never puts more on a node than it has.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Pod } from "@skiff/api";
import { nodeInfo, withPod } from "./node-info.js";
import { defaultPlugins } from "./plugins/index.js";
import { schedule } from "./schedule.js";
import { makeNode, makePod } from "./test-fixtures.js";

const nodeArb = fc.record({
  cpu: fc.integer({ min: 0, max: 4000 }),
  memoryMi: fc.integer({ min: 0, max: 4096 }),
  pods: fc.integer({ min: 0, max: 6 }),
  ready: fc.boolean(),
});
const podArb = fc.record({
  cpu: fc.option(fc.integer({ min: 0, max: 2000 }), { nil: undefined }),
  memoryMi: fc.option(fc.integer({ min: 0, max: 2048 }), { nil: undefined }),
  owner: fc.option(fc.constantFrom("rs-a", "rs-b"), { nil: undefined }),
  hostPort: fc.option(fc.constantFrom(80, 443), { nil: undefined }),
});

describe("schedule, property", () => {
  it("never allocates more cpu, memory or pods than a node has, nor one host port twice", () => {
    fc.assert(
      fc.property(fc.array(nodeArb, { minLength: 0, maxLength: 5 }), fc.array(podArb, { maxLength: 30 }), (nodeSpecs, podSpecs) => {
        let nodes = nodeSpecs.map((n, i) =>
          nodeInfo(makeNode(`n${i}`, { cpu: `${n.cpu}m`, memory: `${n.memoryMi}Mi`, pods: n.pods, ready: n.ready })),
        );
        podSpecs.forEach((p, i) => {
          const pod = makePod(`p${i}`, {
            cpu: p.cpu !== undefined ? `${p.cpu}m` : undefined,
            memory: p.memoryMi !== undefined ? `${p.memoryMi}Mi` : undefined,
            owner: p.owner,
            ports: p.hostPort ? [{ containerPort: 8080, hostPort: p.hostPort }] : undefined,
          });
          const d = schedule(pod, nodes, defaultPlugins());
          if (!("nodeName" in d)) return;
          const bound: Pod = { ...pod, spec: { ...pod.spec, nodeName: d.nodeName } };
          nodes = nodes.map((n) => (n.name === d.nodeName ? withPod(n, bound) : n));
        });
        for (const n of nodes) {
          expect(n.requested.milliCpu).toBeLessThanOrEqual(n.allocatable.milliCpu);
          expect(n.requested.memory).toBeLessThanOrEqual(n.allocatable.memory);
          expect(n.requested.pods).toBeLessThanOrEqual(n.allocatable.pods);
          const ports = n.usedPorts.map((p) => p.port);
          expect(new Set(ports).size).toBe(ports.length);
          if (n.pods.length > 0) expect(n.node.status?.conditions?.[0]?.status).toBe("True");
        }
      }),
      { numRuns: 300 },
    );
  });
});
