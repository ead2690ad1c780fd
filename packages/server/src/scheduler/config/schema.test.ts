import { describe, expect, it } from "vitest";
import { ValidationError } from "@skiff/api";
import { parseSchedulerConfig } from "./schema.js";

const parse = (text: string) => parseSchedulerConfig(text, "sched.yaml");
function refusal(text: string): string {
  try {
    parse(text);
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return (err as Error).message;
  }
  throw new Error("accepted");
}

describe("parseSchedulerConfig", () => {
  it("reads Kubernetes' shape, names as {name} or plain strings", () => {
    expect(
      parse(`
apiVersion: skiff.dev/v1alpha1
kind: SchedulerConfiguration
pluginModules: [./a.js]
plugins:
  filter: { disabled: [{ name: NodePorts }] }
  score:
    enabled: [{ name: MostAllocated, weight: 2 }, TaintToleration]
    disabled: ["*"]
`),
    ).toEqual({
      pluginModules: ["./a.js"],
      filter: { enabled: [], disabled: [{ name: "NodePorts" }] },
      score: { enabled: [{ name: "MostAllocated", weight: 2 }, { name: "TaintToleration" }], disabled: [{ name: "*" }] },
    });
  });

  it("reads percentageOfNodesToScore as Kubernetes has it, an integer from 0 to 100", () => {
    expect(parse("percentageOfNodesToScore: 30").percentageOfNodesToScore).toBe(30);
    expect(parse("").percentageOfNodesToScore).toBeUndefined();
    expect(refusal("percentageOfNodesToScore: 120")).toContain("percentageOfNodesToScore: must be an integer from 0 to 100");
    expect(refusal("percentageOfNodesToScor: 20")).toContain("did you mean percentageOfNodesToScore?");
  });

  it("reads an empty file as no changes", () => {
    expect(parse("")).toEqual({ pluginModules: [], filter: { enabled: [], disabled: [] }, score: { enabled: [], disabled: [] } });
  });

  it.each([
    ["plugins: [", /^sched\.yaml: not valid YAML: /],
    ["a: 1\na: 2", /^sched\.yaml: not valid YAML: Map keys must be unique/],
    ["- x", /^sched\.yaml: expected a mapping/],
    ["plugin: {}", /^sched\.yaml: plugin: unknown field \(did you mean plugins\?\)$/],
    ["plugins: { score: { enable: [] } }", /^sched\.yaml: plugins\.score\.enable: unknown field \(did you mean enabled\?\)$/],
    ["kind: KubeSchedulerConfiguration", /^sched\.yaml: kind: must be SchedulerConfiguration$/],
    ["apiVersion: v1", /^sched\.yaml: apiVersion: must be skiff\.dev\/v1alpha1$/],
    ["pluginModules: ./a.js", /^sched\.yaml: pluginModules: expected a list$/],
    ["pluginModules: ['']", /^sched\.yaml: pluginModules\[0\]: must not be empty$/],
    ["plugins: { preFilter: {} }", /^sched\.yaml: plugins\.preFilter: unknown field$/],
    ["plugins: { score: { enabled: [{ name: A, weight: 0 }] } }", /^sched\.yaml: plugins\.score\.enabled\[0\]\.weight: must be an integer from 1 to 100, got 0$/],
    ["plugins: { score: { enabled: [{ name: A, weight: 101 }] } }", /plugins\.score\.enabled\[0\]\.weight: must be an integer from 1 to 100, got 101$/],
    ["plugins: { score: { enabled: [{ name: A, weight: 1.5 }] } }", /plugins\.score\.enabled\[0\]\.weight: must be an integer from 1 to 100$/],
    ["plugins: { score: { enabled: [{ name: A, weight: '2' }] } }", /plugins\.score\.enabled\[0\]\.weight: expected a number$/],
    ["plugins: { filter: { enabled: [{ name: A, weight: 2 }] } }", /plugins\.filter\.enabled\[0\]\.weight: unknown field$/],
    ["plugins: { filter: { enabled: [{ nam: A }] } }", /plugins\.filter\.enabled\[0\]\.name: required\n.*plugins\.filter\.enabled\[0\]\.nam: unknown field/],
    ["plugins: { filter: { enabled: [3] } }", /plugins\.filter\.enabled\[0\]: expected a plugin name or \{name: NAME\}/],
  ])("refuses %j", (text, message) => {
    expect(refusal(text)).toMatch(message);
  });

  it("names every bad field at once", () => {
    const message = refusal("pluginModules: [3]\nplugins: { score: { enabled: [{ name: A, weight: -1 }] } }");
    expect(message.split("\n")).toHaveLength(2);
  });
});
