// Each annotation's parser reads back what its formatter (or its writer) wrote, and reads
// anything else as "not there", never as a wrong value.
import { describe, expect, it } from "vitest";
import type { PodTemplateSpec } from "../types.js";
import { intAnnotation, revisionOf, withoutTemplateHash, POD_TEMPLATE_HASH_LABEL, REVISION_ANNOTATION } from "./deployments.js";
import { ENDPOINT_PORTS_ANNOTATION, formatEndpointPorts, readEndpointPorts } from "./endpoint-ports.js";
import { isControlPlaneAnnotation } from "./index.js";
import { NODE_INDEX_ANNOTATION, nodeIndexOf, nodeRoleNames } from "./nodes.js";
import { formatSchedulingAnnotation, parseSchedulingAnnotation } from "./scheduling.js";
import { CURRENT_TEMPLATE_ANNOTATION, formatCurrentTemplate, readCurrentTemplate } from "./statefulsets.js";

const annotated = (annotations: Record<string, string>) => ({ metadata: { name: "x", annotations } });

describe("deployment revisions", () => {
  it.each([
    ["3", 3],
    ["0", 0],
    ["", 0],
    ["-2", 0],
    ["3abc", 0],
    ["1.5", 0],
    ["99999999999999999999", 0],
  ])("revision %j reads as %d", (text, n) => {
    expect(revisionOf(annotated({ [REVISION_ANNOTATION]: text }))).toBe(n);
  });

  it("reads a missing integer annotation as undefined, 0 as 0", () => {
    expect(intAnnotation(annotated({}), "k")).toBeUndefined();
    expect(intAnnotation(annotated({ k: "0" }), "k")).toBe(0);
  });

  it("takes the hash label out of a template, and leaves a template without one as it is", () => {
    const t: PodTemplateSpec = { metadata: { labels: { app: "web", [POD_TEMPLATE_HASH_LABEL]: "5d8f" } }, spec: { containers: [] } };
    expect(withoutTemplateHash(t)).toEqual({ metadata: { labels: { app: "web" } }, spec: { containers: [] } });
    const plain: PodTemplateSpec = { spec: { containers: [] } };
    expect(withoutTemplateHash(plain)).toBe(plain);
  });
});

describe("node annotations and labels", () => {
  it.each([
    ["1", 1],
    ["127", 127],
    ["0", undefined],
    ["2000", 2000],
    ["16777216", undefined],
    ["01", undefined],
    ["x", undefined],
  ])("node index %j reads as %s", (text, index) => {
    expect(nodeIndexOf(annotated({ [NODE_INDEX_ANNOTATION]: text }))).toBe(index);
  });

  it("reads roles from both label forms", () => {
    expect(nodeRoleNames({ "node-role.kubernetes.io/worker": "", "kubernetes.io/role": "edge", "node-role.kubernetes.io/": "" })).toEqual(["edge", "worker"]);
  });
});

describe("the scheduling annotation", () => {
  it("reads back what was written, and nothing of another shape", () => {
    const a = { node: "n2", scores: [["n2", 310], ["n1", 240]] as [string, number][], filtered: [["n3", "NodeResourcesFit: Insufficient cpu"]] as [string, string][], omitted: 4 };
    expect(parseSchedulingAnnotation(formatSchedulingAnnotation(a))).toEqual(a);
    for (const bad of [undefined, "", "not json", "null", "[]", '{"node":"x"}', '{"scores":[["n1","x"]],"filtered":[]}']) {
      expect(parseSchedulingAnnotation(bad)).toBeUndefined();
    }
  });
});

describe("the endpoint ports annotation", () => {
  it("reads back what was written, dropping entries of another shape", () => {
    const table = { "10.244.2.3": { "8080/TCP": "127.0.0.2:49153" } };
    expect(readEndpointPorts(annotated({ [ENDPOINT_PORTS_ANNOTATION]: formatEndpointPorts(table) }))).toEqual(table);
    const odd = '{"10.0.0.1":{"80/TCP":5,"81/TCP":"h:1"},"10.0.0.2":"x","__proto__":{"1/TCP":"a:1"}}';
    const read = readEndpointPorts(annotated({ [ENDPOINT_PORTS_ANNOTATION]: odd }));
    expect(Object.getPrototypeOf(read)).toBe(Object.prototype);
    expect(Object.keys(read)).toEqual(["10.0.0.1", "__proto__"]);
    expect(read["10.0.0.1"]).toEqual({ "81/TCP": "h:1" });
    for (const bad of ["", "[1]", "nope"]) expect(readEndpointPorts(annotated({ [ENDPOINT_PORTS_ANNOTATION]: bad }))).toEqual({});
  });
});

describe("the StatefulSet's current template", () => {
  it("reads back what was written, and nothing else", () => {
    const t: PodTemplateSpec = { metadata: { labels: { app: "db" } }, spec: { containers: [{ name: "db", image: "postgres" }] } };
    expect(readCurrentTemplate(annotated({ [CURRENT_TEMPLATE_ANNOTATION]: formatCurrentTemplate(t) }))).toEqual(t);
    for (const bad of ["", "{", "3", '{"metadata":{}}']) expect(readCurrentTemplate(annotated({ [CURRENT_TEMPLATE_ANNOTATION]: bad }))).toBeUndefined();
  });
});

it("knows which annotations the control plane owns", () => {
  expect(["deployment.kubernetes.io/revision", "skiff.dev/scheduling"].every(isControlPlaneAnnotation)).toBe(true);
  expect(["kubernetes.io/change-cause", "note"].some(isControlPlaneAnnotation)).toBe(false);
});
