// The generic parts of `get`'s kubectl habits, on any kind: -o parsing, custom columns, --sort-by,
// -L / --show-labels / kind/name, and -o jsonpath through the printer.
import { describe, expect, it } from "vitest";
import type { ApiObject } from "@skiff/api";
import { customColumnsRow, goText, parseCustomColumns } from "./custom-columns.js";
import { extraCells, extraHeaders } from "./extra-columns.js";
import { parseOutput } from "./output-format.js";
import { ObjectPrinter } from "./print.js";
import { sortBy } from "./sort-by.js";

const obj = (name: string, extra: Record<string, unknown> = {}, labels?: Record<string, string>): ApiObject =>
  ({ apiVersion: "example.dev/v1", kind: "Widget", metadata: { name, ...(labels ? { labels } : {}) }, ...extra }) as ApiObject;

describe("-o", () => {
  it.each([
    ["wide", { format: "wide" }],
    ["jsonpath={.a}", { format: "jsonpath", template: "{.a}" }],
    ["jsonpath={.a=b}", { format: "jsonpath", template: "{.a=b}" }],
    ["custom-columns=N:.metadata.name", { format: "custom-columns", template: "N:.metadata.name" }],
  ])("%s", (value, expected) => {
    expect(parseOutput(value)).toEqual(expected);
  });

  it("refuses an unknown format or a missing template, in kubectl's words", () => {
    expect(() => parseOutput("yml")).toThrow('unable to match a printer suitable for the output format "yml", allowed formats are: wide,yaml,json,name,jsonpath=...,custom-columns=...');
    expect(() => parseOutput("jsonpath")).toThrow("jsonpath template format specified but no template given");
    expect(() => parseOutput("wide=x")).toThrow("unable to match a printer");
  });
});

describe("custom columns", () => {
  it("reads each path, <none> when missing, several values joined by commas, maps as Go prints them", () => {
    const cols = parseCustomColumns("NAME:.metadata.name,PORTS:.spec.ports[*].port,SPEC:.spec,MISSING:.status.x");
    expect(customColumnsRow(obj("w", { spec: { ports: [{ port: 80 }, { port: 443 }] } }), cols)).toEqual(["w", "80,443", "map[ports:[map[port:80] map[port:443]]]", "<none>"]);
    expect(goText([1, "a", { b: true }])).toBe("[1 a map[b:true]]");
  });
});

describe("--sort-by", () => {
  it("orders numbers as numbers, text as text, a missing field first", () => {
    const items = [obj("a", { spec: { n: 10 } }), obj("b", { spec: { n: 9 } }), obj("c"), obj("d", { spec: { n: 100 } })];
    expect(sortBy(items, ".spec.n").map((o) => o.metadata.name)).toEqual(["c", "b", "a", "d"]);
    expect(sortBy(items, "{.metadata.name}").map((o) => o.metadata.name)).toEqual(["a", "b", "c", "d"]);
  });
});

describe("extra columns, on a kind no table knows", () => {
  it("adds -L columns, LABELS, and kind/name", () => {
    const opts = { labelColumns: ["app", "example.dev/tier"], showLabels: true, withKind: true };
    expect(extraHeaders(["NAME", "AGE"], opts)).toEqual(["NAME", "AGE", "APP", "TIER", "LABELS"]);
    expect(extraCells(obj("w", {}, { app: "web" }), ["w", "5s"], 0, opts)).toEqual(["widget.example.dev/w", "5s", "web", "", "app=web"]);
    expect(extraCells(obj("x"), ["x", "1s"], 0, { showLabels: true })).toEqual(["x", "1s", "<none>"]);
  });

  it("the printer puts them after the kind's columns", () => {
    const text = new ObjectPrinter({ now: () => 0, labelColumns: ["app"], showLabels: true }).print([obj("w", {}, { app: "web" })]);
    expect(text.split("\n")[0]).toMatch(/^NAME\s+AGE\s+APP\s+LABELS$/);
  });
});

describe("-o jsonpath through the printer", () => {
  it("renders a listing as a List, a single named object as itself, each watch event alone", () => {
    const list = new ObjectPrinter({ format: "jsonpath", template: "{.items[*].metadata.name}" });
    expect(list.print([obj("a"), obj("b")])).toBe("a b");
    expect(new ObjectPrinter({ format: "jsonpath", template: "{.metadata.name}", single: true }).print([obj("a")])).toBe("a");
    const watch = new ObjectPrinter({ format: "jsonpath", template: '{.metadata.name}{"\\n"}' });
    watch.print([]);
    expect(watch.print([obj("c")])).toBe("c\n");
  });

  it("refuses a bad template when it is made, before anything is fetched", () => {
    expect(() => new ObjectPrinter({ format: "jsonpath", template: "{range .items[*]}" })).toThrow("error parsing jsonpath {range .items[*]}, unclosed range, no {end}");
  });
});
