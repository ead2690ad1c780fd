import { describe, expect, it } from "vitest";
import { schedule } from "../schedule.js";
import { info, makeNode, makePod } from "../test-fixtures.js";
import { fit, unfit, type FilterPlugin, type Plugin, type ScorePlugin } from "../types.js";
import { builtInPlugins } from "./load.js";
import { defaultProfile, profilePlugins, resolveProfile } from "./profile.js";
import { parseSchedulerConfig } from "./schema.js";

const mostAllocated: ScorePlugin = { name: "MostAllocated", weight: 1, score: () => 50 };
const maintenance: FilterPlugin = { name: "Maintenance", filter: (_pod, node) => (node.node.metadata.labels?.maintenance ? unfit("node(s) were in maintenance") : fit) };
const extra: Plugin[] = [mostAllocated, maintenance];

const resolve = (yaml: string) => resolveProfile(parseSchedulerConfig(yaml, "s.yaml"), builtInPlugins(), extra, "s.yaml");
function refusal(yaml: string): string {
  try {
    resolve(yaml);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error("accepted");
}

const DEFAULT_FILTERS = ["NodeReady", "NodeUnschedulable", "NodeSelector", "TaintToleration", "VolumeBinding", "NodePorts", "NodeResourcesFit"];
const DEFAULT_SCORES: [string, number][] = [["TaintToleration", 3], ["LeastAllocated", 1], ["SelectorSpread", 2]];

describe("resolveProfile", () => {
  it("is the defaults when the file changes nothing", () => {
    expect(resolve("")).toEqual({ filter: DEFAULT_FILTERS, score: DEFAULT_SCORES });
    expect(defaultProfile(builtInPlugins())).toEqual({ filter: DEFAULT_FILTERS, score: DEFAULT_SCORES });
  });

  it.each([
    ["appends an enabled plugin after the defaults", "plugins: { filter: { enabled: [Maintenance] } }", { filter: [...DEFAULT_FILTERS, "Maintenance"], score: DEFAULT_SCORES }],
    ["drops a disabled default", "plugins: { score: { disabled: [SelectorSpread] } }", { filter: DEFAULT_FILTERS, score: [["TaintToleration", 3], ["LeastAllocated", 1]] }],
    [
      "keeps an enabled default in its place with the new weight",
      "plugins: { score: { enabled: [{ name: LeastAllocated, weight: 5 }, MostAllocated] } }",
      { filter: DEFAULT_FILTERS, score: [["TaintToleration", 3], ["LeastAllocated", 5], ["SelectorSpread", 2], ["MostAllocated", 1]] },
    ],
    [
      '"*" drops every default; the enabled follow in their order',
      "plugins: { score: { disabled: ['*'], enabled: [{ name: MostAllocated, weight: 2 }, TaintToleration] } }",
      { filter: DEFAULT_FILTERS, score: [["MostAllocated", 2], ["TaintToleration", 3]] },
    ],
    ["a plugin may be moved: disabled and enabled again", "plugins: { filter: { disabled: [NodeReady], enabled: [NodeReady] } }", { filter: [...DEFAULT_FILTERS.slice(1), "NodeReady"], score: DEFAULT_SCORES }],
    ["TaintToleration can score without filtering", "plugins: { filter: { disabled: [TaintToleration] } }", { filter: DEFAULT_FILTERS.filter((n) => n !== "TaintToleration"), score: DEFAULT_SCORES }],
  ])("%s", (_what, yaml, expected) => {
    expect(resolve(yaml)).toEqual(expected);
  });

  it.each([
    ["plugins: { score: { enabled: [MostAlocated] } }", 's.yaml: plugins.score.enabled[0].name: unknown plugin "MostAlocated" (did you mean "MostAllocated"?)'],
    ["plugins: { filter: { disabled: [NodeRedy] } }", 's.yaml: plugins.filter.disabled[0].name: unknown plugin "NodeRedy" (did you mean "NodeReady"?)'],
    ["plugins: { filter: { enabled: [Nothing] } }", 's.yaml: plugins.filter.enabled[0].name: unknown plugin "Nothing"; known: '],
    ["plugins: { score: { enabled: [NodeReady] } }", "s.yaml: plugins.score.enabled[0].name: NodeReady is not a score plugin (it only filters)"],
    ["plugins: { filter: { enabled: [MostAllocated] } }", "s.yaml: plugins.filter.enabled[0].name: MostAllocated is not a filter plugin (it only scores)"],
    ["plugins: { filter: { disabled: [LeastAllocated] } }", "s.yaml: plugins.filter.disabled[0].name: LeastAllocated is not a filter plugin"],
    ["plugins: { score: { enabled: [MostAllocated, { name: MostAllocated, weight: 2 }] } }", "s.yaml: plugins.score.enabled[1].name: MostAllocated is listed twice"],
    ["plugins: { score: { enabled: ['*'] } }", 's.yaml: plugins.score.enabled[0].name: "*" only means "every default plugin" in disabled'],
  ])("refuses %j", (yaml, message) => {
    expect(refusal(yaml)).toContain(message);
  });
});

describe("profilePlugins", () => {
  it("runs only what each extension point enabled, with the weights given", () => {
    const profile = resolve("plugins: { filter: { enabled: [Maintenance], disabled: [TaintToleration] }, score: { disabled: ['*'], enabled: [{ name: MostAllocated, weight: 4 }] } }");
    const plugins = profilePlugins(profile, [...builtInPlugins(), ...extra]);
    const pod = makePod("p");
    const decision = schedule(pod, [info(makeNode("a", { labels: { maintenance: "yes" } })), info(makeNode("b", { taints: [{ key: "k", value: "v", effect: "NoSchedule" }] }))], plugins);
    // TaintToleration filters no more: b takes the pod; Maintenance keeps a out.
    expect(decision).toMatchObject({ nodeName: "b", record: { weights: [["MostAllocated", 4]] } });
    expect(decision.record.nodes[0]).toMatchObject({ node: "a", filteredOut: { plugin: "Maintenance", reasons: ["node(s) were in maintenance"] } });
    expect(decision.record.nodes[1]).toMatchObject({ node: "b", scores: { MostAllocated: 50 }, total: 200 });
  });

  it("names the plugin that threw", () => {
    const broken: ScorePlugin = { name: "Broken", weight: 1, score: () => { throw new Error("boom"); } };
    const plugins = profilePlugins({ filter: [], score: [["Broken", 1]] }, [broken]);
    expect(() => schedule(makePod("p"), [info(makeNode("a"))], plugins)).toThrow("scheduler plugin Broken failed: boom");
  });
});
