import { describe, expect, it } from "vitest";
import { ValidationError } from "./errors.js";
import { parseManifests } from "./manifest.js";
import { validateObject } from "./validate.js";

const pod = (name: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n    - name: web\n      image: nginx\n`;

function messageOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as Error).message;
  }
  throw new Error("expected a ValidationError");
}

describe("parseManifests", () => {
  it("reads one document as FILE", () => {
    const docs = parseManifests(pod("a"), "pod.yaml");
    expect(docs).toEqual([{ source: "pod.yaml", index: 0, object: expect.objectContaining({ kind: "Pod" }) }]);
    expect(validateObject(docs[0]?.object).warnings).toEqual([]);
  });

  it("splits on --- and ..., skips comments and empty documents, numbers documents from 1", () => {
    const text = [
      "# a leading comment",
      "---",
      pod("a"),
      "...",
      "---",
      "# only a comment in this one",
      "---",
      '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "json"}, "data": {"k": "v"}}',
      "---",
      "{apiVersion: v1, kind: Namespace, metadata: {name: flow}}  # a flow document",
      "---",
      "",
    ].join("\n");
    const docs = parseManifests(text, "all.yaml");
    expect(docs.map((d) => [d.source, d.index, (d.object as { metadata: { name: string } }).metadata.name])).toEqual([
      ["all.yaml (document 1)", 0, "a"],
      ["all.yaml (document 3)", 1, "json"],
      ["all.yaml (document 4)", 2, "flow"],
    ]);
  });

  it("reads YAML 1.2 core: yes and on stay strings, keys are strings", () => {
    const [doc] = parseManifests("a: yes\nb: on\nc: true\n1: one\nd: 2024-01-01\ne: 010\n", "x.yaml");
    expect(doc?.object).toEqual({ a: "yes", b: "on", c: true, "1": "one", d: "2024-01-01", e: 10 });
  });

  it("expands a List, as kubectl does", () => {
    const text = `apiVersion: v1\nkind: List\nitems:\n  - ${JSON.stringify({ apiVersion: "v1", kind: "Namespace", metadata: { name: "a" } })}\n  - ${JSON.stringify({ apiVersion: "v1", kind: "Namespace", metadata: { name: "b" } })}\n`;
    const docs = parseManifests(text, "list.yaml");
    expect(docs.map((d) => [d.source, d.index])).toEqual([
      ["list.yaml (item 1)", 0],
      ["list.yaml (item 2)", 1],
    ]);
  });

  it("returns nothing for an empty file", () => {
    expect(parseManifests("", "empty.yaml")).toEqual([]);
    expect(parseManifests("# nothing\n---\n", "empty.yaml")).toEqual([]);
  });

  it.each([
    ["a: b: c\n", "bad.yaml: line 1, column 4: Nested mappings are not allowed in compact mappings"],
    ["a: 1\na: 2\n", "bad.yaml: line 2, column 1: Map keys must be unique"],
    ["kind: Pod\n\tname: x\n", "bad.yaml: line 2, column 1: Tabs are not allowed as indentation"],
    [`${pod("a")}---\nitems: [1, 2\n`, "bad.yaml: line 11, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]"],
    ['{"a": 1,\n "b": [1, 2}\n', "bad.yaml: line 2, column"],
    ["? [a, b]\n: c\n", "bad.yaml: line 1, column 3: With stringKeys, all keys must be strings"],
  ])("reports a syntax error with line and column: %j", (text, message) => {
    expect(messageOf(() => parseManifests(text, "bad.yaml"))).toContain(message);
  });

  it.each([
    ["just a string\n", "x.yaml: expected a mapping (an object with apiVersion, kind and metadata), got a string"],
    [`${pod("a")}---\n- a\n- b\n`, "x.yaml (document 2): expected a mapping (an object with apiVersion, kind and metadata), got a sequence"],
    ["kind: List\nitems: [3]\n", "x.yaml (item 1): expected a mapping, got a number"],
    ["a: *missing\n", "x.yaml (document 1):"],
  ])("names the document that is not an object: %j", (text, message) => {
    expect(messageOf(() => parseManifests(text, "x.yaml"))).toContain(message);
  });

  it("refuses alias bombs", () => {
    const text = ["a: &a [x, x, x, x, x, x, x, x, x, x]", "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]", "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]", "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]", "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]"].join("\n");
    expect(messageOf(() => parseManifests(text, "bomb.yaml"))).toContain("bomb.yaml (document 1): Excessive alias count");
  });

  it("rejects input over the size limit, 3 MiB by default", () => {
    const big = `a: "${"x".repeat(10 * 1024 * 1024)}"\n`;
    expect(messageOf(() => parseManifests(big, "big.yaml"))).toBe("big.yaml: manifest is 10.0 MiB, larger than the 3 MiB limit");
    expect(messageOf(() => parseManifests(pod("a"), "small.yaml", { maxBytes: 10 }))).toBe(
      "small.yaml: manifest is 100 bytes, larger than the 10 bytes limit",
    );
    expect(parseManifests(pod("a"), "ok.yaml", { maxBytes: 1024 })).toHaveLength(1);
  });

  it("counts bytes, not characters", () => {
    const text = `a: "${"€".repeat(400)}"\n`; // 400 characters, 1200 bytes
    expect(() => parseManifests(text, "e.yaml", { maxBytes: 1024 })).toThrow("larger than the 1 KiB limit");
  });
});
