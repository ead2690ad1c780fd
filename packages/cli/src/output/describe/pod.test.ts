// `describe pod`: where it runs, each container's state (and the one before), and why it was
// placed where it is, or nowhere.
import { describe, expect, it } from "vitest";
import { parseSchedulingAnnotation as parseScheduling, type Pod } from "@skiff/api";
import { describeObject } from "./index.js";
import { NOW, POD, UNSCHEDULABLE } from "./test-fixtures.js";

const text = describeObject(POD, { now: NOW });

/** The lines from `first` up to (not including) the next line indented no deeper than it. */
function block(all: string, first: string): string {
  const lines = all.split("\n");
  const start = lines.indexOf(first);
  expect(start, `no line "${first}"`).toBeGreaterThanOrEqual(0);
  const depth = first.length - first.trimStart().length;
  const end = lines.findIndex((l, i) => i > start && l.length - l.trimStart().length <= depth);
  return lines.slice(start, end < 0 ? undefined : end).join("\n");
}

describe("describe pod", () => {
  it("says where the pod runs, since when, and its phase and IP", () => {
    expect(text).toMatch(/^Node: +n2\/10\.0\.0\.2$/m);
    expect(text).toMatch(/^Start Time: +Wed, 01 May 2024 11:50:01 \+0000$/m);
    expect(text).toMatch(/^Status: +Running$/m);
    expect(text).toMatch(/^IP: +10\.1\.0\.5$/m);
    expect(text).toMatch(/^Controlled By: +ReplicaSet\/web-7d4b9$/m);
  });

  it("describes a container as kubectl does", () => {
    expect(block(text, "  web:")).toBe(
      [
        "  web:",
        "    Container ID:   docker://0123abcd",
        "    Image:          nginx:1.25",
        "    Image ID:       docker-pullable://nginx@sha256:abc",
        "    Port:           80/TCP",
        "    Host Port:      8080/TCP",
        "    Command:",
        "      nginx",
        "    Args:",
        "      -g",
        "      daemon off;",
        "    State:          Running",
        "      Started:      Wed, 01 May 2024 11:55:00 +0000",
        "    Last State:     Terminated",
        "      Reason:       OOMKilled",
        "      Exit Code:    137",
        "      Started:      Wed, 01 May 2024 11:50:02 +0000",
        "      Finished:     Wed, 01 May 2024 11:54:59 +0000",
        "    Ready:          True",
        "    Restart Count:  1",
        "    Limits:",
        "      cpu:     500m",
        "      memory:  128Mi",
        "    Requests:",
        "      cpu:     250m",
        "      memory:  64Mi",
        "    Environment:",
        "      MODE:      prod",
        "      PASSWORD:  <set to the key 'password' in secret 'db'>",
        "      NODE:       (v1:spec.nodeName)",
      ].join("\n"),
    );
  });

  it("shows a waiting container's reason and message, and a terminated one's exit", () => {
    const waiting: Pod = {
      ...POD,
      status: {
        phase: "Pending",
        containerStatuses: [
          { name: "web", ready: false, restartCount: 0, image: "", imageID: "", state: { waiting: { reason: "ErrImagePull", message: "manifest unknown" } } },
        ],
      },
    };
    const w = describeObject(waiting, { now: NOW });
    expect(w).toMatch(/^ {4}State: +Waiting\n {6}Reason: +ErrImagePull\n {6}Message: +manifest unknown$/m);
    expect(w).not.toContain("Last State");
    const failed: Pod = {
      ...POD,
      status: {
        phase: "Failed",
        reason: "NodeLost",
        message: "Node n2 which was running pod web-7d4b9 is unresponsive",
        containerStatuses: [
          { name: "web", ready: false, restartCount: 0, image: "", imageID: "", state: { terminated: { exitCode: 1, reason: "Error", finishedAt: "2024-05-01T11:59:00Z" } } },
        ],
      },
    };
    const f = describeObject(failed, { now: NOW });
    expect(f).toMatch(/^Status: +Failed\nReason: +NodeLost\nMessage: +Node n2 which was running pod web-7d4b9 is unresponsive$/m);
    expect(f).toMatch(/^ {4}State: +Terminated\n {6}Reason: +Error\n {6}Exit Code: +1\n {6}Started: +<none>\n {6}Finished: +Wed, 01 May 2024 11:59:00 \+0000$/m);
  });

  it("lists the conditions as a table", () => {
    expect(block(text, "Conditions:")).toBe(["Conditions:", "  Type           Status", "  PodScheduled   True", "  Ready          True"].join("\n"));
  });

  it("explains the scheduler's choice: the node, each score, the nodes filtered out", () => {
    expect(block(text, "Scheduling:")).toBe(
      ["Scheduling:", "  Node:  n2", "  Scores:", "    n2   310", "    n1   240", "  Filtered out:", "    n3   NodeResourcesFit: Insufficient cpu"].join("\n"),
    );
  });

  it("shows each plugin's score beside the total, so every total can be rebuilt", () => {
    const decision = {
      node: "n2",
      plugins: [["TaintToleration", 1], ["NodeResourcesLeastAllocated", 2]],
      scores: [["n2", 260, [100, 80]], ["n1", 220, [100, 60]]],
      filtered: [],
    };
    const pod = { ...POD, metadata: { ...POD.metadata, annotations: { "skiff.dev/scheduling": JSON.stringify(decision) } } };
    expect(block(describeObject(pod, { now: NOW }), "Scheduling:")).toBe(
      [
        "Scheduling:",
        "  Node:  n2",
        "  Scores:",
        "    NODE   TaintToleration   NodeResourcesLeastAllocated (x2)   TOTAL",
        "    n2     100               80                                 260",
        "    n1     100               60                                 220",
      ].join("\n"),
    );
  });

  it("explains why an unschedulable pod went nowhere", () => {
    const u = describeObject(UNSCHEDULABLE, { now: NOW });
    expect(u).toMatch(/^Node: +<none>$/m);
    expect(block(u, "Scheduling:")).toBe(
      [
        "Scheduling:",
        "  Node:     <none> (Unschedulable)",
        "  Message:  0/3 nodes are available: 2 Insufficient cpu, 1 node(s) didn't match node selector.",
        "  Filtered out:",
        "    n1   NodeResourcesFit: Insufficient cpu",
        "    n2   NodeResourcesFit: Insufficient cpu",
        "    n3   NodeAffinity: node(s) didn't match node selector",
        "  (2 more nodes not shown)",
      ].join("\n"),
    );
  });

  it("shows the PodScheduled message even without the annotation, and no section with neither", () => {
    const bare = { ...UNSCHEDULABLE, metadata: { ...UNSCHEDULABLE.metadata, annotations: {} } };
    expect(block(describeObject(bare, { now: NOW }), "Scheduling:")).toMatch(/Message: +0\/3 nodes are available/);
    const plain = { ...POD, metadata: { ...POD.metadata, annotations: {} } };
    expect(describeObject(plain, { now: NOW })).not.toContain("Scheduling:");
  });

  it("ignores an annotation it cannot read", () => {
    expect(parseScheduling("not json")).toBeUndefined();
    expect(parseScheduling(JSON.stringify({ scores: [["n1", "x"]], filtered: [] }))).toBeUndefined();
    expect(parseScheduling(JSON.stringify({ node: "n1", scores: [["n1", 5]], filtered: [] }))).toEqual({ node: "n1", scores: [["n1", 5]], filtered: [] });
  });
});
