// Each built-in filter, as a table of (pod, node) -> fits or the Kubernetes-style reason.
import { describe, expect, it } from "vitest";
import type { Node, Pod } from "@skiff/api";
import { info, makeNode, makePod } from "../test-fixtures.js";
import type { FilterPlugin, NodeInfo } from "../types.js";
import { nodePorts } from "./node-ports.js";
import { nodeReady } from "./node-ready.js";
import { nodeResourcesFit } from "./node-resources-fit.js";
import { nodeSelector } from "./node-selector.js";
import { nodeUnschedulable } from "./node-unschedulable.js";
import { taintToleration } from "./taint-toleration.js";

interface Case {
  name: string;
  pod: Pod;
  node: Node | NodeInfo;
  /** undefined: fits; otherwise the reasons. */
  reasons?: string[];
}

function table(plugin: FilterPlugin, cases: Case[]) {
  describe(plugin.name, () => {
    it.each(cases)("$name", ({ pod, node, reasons }) => {
      const result = plugin.filter(pod, "kind" in node ? info(node) : node);
      expect(result.fit ? undefined : result.reasons).toEqual(reasons);
    });
  });
}

table(nodeReady, [
  { name: "a Ready node fits", pod: makePod("p"), node: makeNode("n") },
  { name: "a NotReady node does not", pod: makePod("p"), node: makeNode("n", { ready: false }), reasons: ["node(s) were not ready"] },
  {
    name: "a node that never reported Ready does not",
    pod: makePod("p"),
    node: { ...makeNode("n"), status: { allocatable: { cpu: "1" } } },
    reasons: ["node(s) were not ready"],
  },
]);

const tolerateUnschedulable = [{ key: "node.kubernetes.io/unschedulable", operator: "Exists" as const, effect: "NoSchedule" as const }];
table(nodeUnschedulable, [
  { name: "a schedulable node fits", pod: makePod("p"), node: makeNode("n") },
  { name: "a cordoned node does not", pod: makePod("p"), node: makeNode("n", { unschedulable: true }), reasons: ["node(s) were unschedulable"] },
  { name: "unless the pod tolerates it", pod: makePod("p", { tolerations: tolerateUnschedulable }), node: makeNode("n", { unschedulable: true }) },
  { name: "an Exists-everything toleration does too", pod: makePod("p", { tolerations: [{ operator: "Exists" }] }), node: makeNode("n", { unschedulable: true }) },
]);

const small = makeNode("n", { cpu: "1", memory: "1Gi", pods: 2 });
table(nodeResourcesFit, [
  { name: "fits in an empty node", pod: makePod("p", { cpu: "1", memory: "1Gi" }), node: small },
  { name: "too much cpu", pod: makePod("p", { cpu: "1500m" }), node: small, reasons: ["Insufficient cpu"] },
  { name: "too much memory", pod: makePod("p", { memory: "2Gi" }), node: small, reasons: ["Insufficient memory"] },
  { name: "both are reported", pod: makePod("p", { cpu: "2", memory: "2Gi" }), node: small, reasons: ["Insufficient cpu", "Insufficient memory"] },
  { name: "what is placed counts", pod: makePod("p", { cpu: "600m" }), node: info(small, makePod("q", { cpu: "500m" })), reasons: ["Insufficient cpu"] },
  { name: "exactly the rest fits", pod: makePod("p", { cpu: "500m" }), node: info(small, makePod("q", { cpu: "500m" })) },
  { name: "no requests: only a pod slot is needed", pod: makePod("p"), node: info(small, makePod("q", { cpu: "1", memory: "1Gi" })) },
  { name: "no pod slot left", pod: makePod("p"), node: info(small, makePod("a"), makePod("b")), reasons: ["Too many pods"] },
  {
    name: "a limit without a request requests the limit",
    pod: { ...makePod("p"), spec: { containers: [{ name: "c", image: "i", resources: { limits: { cpu: "2" } } }] } },
    node: small,
    reasons: ["Insufficient cpu"],
  },
  { name: "containers add up", pod: makePod("p", { cpu: "600m", more: [{ name: "b", image: "i", resources: { requests: { cpu: "600m" } } }] }), node: small, reasons: ["Insufficient cpu"] },
]);

table(nodeSelector, [
  { name: "no selector fits anywhere", pod: makePod("p"), node: makeNode("n") },
  { name: "matching labels fit", pod: makePod("p", { nodeSelector: { disk: "ssd" } }), node: makeNode("n", { labels: { disk: "ssd", zone: "a" } }) },
  { name: "a different value does not", pod: makePod("p", { nodeSelector: { disk: "ssd" } }), node: makeNode("n", { labels: { disk: "hdd" } }), reasons: ["node(s) didn't match node selector"] },
  { name: "a missing label does not", pod: makePod("p", { nodeSelector: { disk: "ssd" } }), node: makeNode("n"), reasons: ["node(s) didn't match node selector"] },
  { name: "every label must match", pod: makePod("p", { nodeSelector: { disk: "ssd", zone: "b" } }), node: makeNode("n", { labels: { disk: "ssd", zone: "a" } }), reasons: ["node(s) didn't match node selector"] },
]);

const gpu = { key: "gpu", value: "true", effect: "NoSchedule" as const };
table(taintToleration, [
  { name: "an untainted node fits", pod: makePod("p"), node: makeNode("n") },
  { name: "a NoSchedule taint keeps pods away", pod: makePod("p"), node: makeNode("n", { taints: [gpu] }), reasons: ["node(s) had untolerated taint {gpu: true}"] },
  { name: "a NoExecute taint too", pod: makePod("p"), node: makeNode("n", { taints: [{ key: "bad", effect: "NoExecute" }] }), reasons: ["node(s) had untolerated taint {bad: }"] },
  { name: "PreferNoSchedule does not filter", pod: makePod("p"), node: makeNode("n", { taints: [{ key: "meh", effect: "PreferNoSchedule" }] }) },
  { name: "an Equal toleration with the value", pod: makePod("p", { tolerations: [{ key: "gpu", operator: "Equal", value: "true" }] }), node: makeNode("n", { taints: [gpu] }) },
  { name: "an Equal toleration with another value", pod: makePod("p", { tolerations: [{ key: "gpu", value: "false" }] }), node: makeNode("n", { taints: [gpu] }), reasons: ["node(s) had untolerated taint {gpu: true}"] },
  { name: "an Exists toleration for the key", pod: makePod("p", { tolerations: [{ key: "gpu", operator: "Exists", effect: "NoSchedule" }] }), node: makeNode("n", { taints: [gpu] }) },
  { name: "a toleration for another effect", pod: makePod("p", { tolerations: [{ key: "gpu", operator: "Exists", effect: "NoExecute" }] }), node: makeNode("n", { taints: [gpu] }), reasons: ["node(s) had untolerated taint {gpu: true}"] },
]);

const web = (hostPort: number, extra: { protocol?: "TCP" | "UDP"; hostIP?: string } = {}) => ({ ports: [{ containerPort: 80, hostPort, ...extra }] });
table(nodePorts, [
  { name: "no host ports fit anywhere", pod: makePod("p"), node: info(makeNode("n"), makePod("q", web(80))) },
  { name: "a free port fits", pod: makePod("p", web(81)), node: info(makeNode("n"), makePod("q", web(80))) },
  { name: "a used port does not", pod: makePod("p", web(80)), node: info(makeNode("n"), makePod("q", web(80))), reasons: ["node(s) didn't have free ports for the requested pod ports"] },
  { name: "the same port over UDP fits", pod: makePod("p", web(80, { protocol: "UDP" })), node: info(makeNode("n"), makePod("q", web(80))) },
  { name: "two addresses can share a port", pod: makePod("p", web(80, { hostIP: "10.0.0.1" })), node: info(makeNode("n"), makePod("q", web(80, { hostIP: "10.0.0.2" }))) },
  {
    name: "an address clashes with the wildcard",
    pod: makePod("p", web(80, { hostIP: "10.0.0.1" })),
    node: info(makeNode("n"), makePod("q", web(80, { hostIP: "0.0.0.0" }))),
    reasons: ["node(s) didn't have free ports for the requested pod ports"],
  },
  { name: "a containerPort without hostPort uses no host port", pod: makePod("p", { ports: [{ containerPort: 80 }] }), node: info(makeNode("n"), makePod("q", { ports: [{ containerPort: 80 }] })) },
]);
