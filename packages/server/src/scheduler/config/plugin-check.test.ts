import { describe, expect, it } from "vitest";
import { exportedPlugins, pluginProblems } from "./plugin-check.js";

const score = () => 0;
const filter = () => ({ fit: true as const });

describe("pluginProblems", () => {
  it.each([
    [{ name: "A", filter }, []],
    [{ name: "A", weight: 1, score }, []],
    [{ name: "A", weight: 100, score, filter }, []],
    [null, ["it is null, not an object with a name and a filter(pod, node) or score(pod, node) function"]],
    [() => ({}), ["it is a function (call it and export what it returns?), not an object with a name and a filter(pod, node) or score(pod, node) function"]],
    [{ filter }, ['missing name (a string such as "MostAllocated")']],
    [{ name: "has space", filter }, ['name "has space" is not a plugin name (a letter, then letters, digits, ".", "_" or "-")']],
    [{ name: "A" }, ["missing filter(pod, node) or score(pod, node): a plugin needs at least one"]],
    [{ name: "A", filter: "yes" }, ['filter is a string ("yes"), not a function']],
    [{ name: "A", score }, ["missing weight (a score plugin's weight, an integer from 1 to 100)"]],
    [{ name: "A", score, weight: 0 }, ["weight 0 is not an integer from 1 to 100"]],
    [{ name: "A", score, weight: 101 }, ["weight 101 is not an integer from 1 to 100"]],
  ])("%o: %j", (value, problems) => {
    expect(pluginProblems(value)).toEqual(problems);
  });
});

describe("exportedPlugins", () => {
  const a = { name: "A", filter };
  const b = { name: "B", weight: 2, score };
  it.each([
    [{ default: a }, { plugins: [a] }],
    [{ default: [a, b] }, { plugins: [a, b] }],
    [{ a }, { problems: ["it has no default export: `export default` a plugin or an array of plugins (it exports a)"] }],
    [{ default: [] }, { problems: ["its default export is an empty array: no plugins"] }],
    [{ default: [a, { name: "C" }] }, { problems: ["default export [1]: missing filter(pod, node) or score(pod, node): a plugin needs at least one"] }],
    [{ default: { name: "B", score } }, { problems: ["default export: missing weight (a score plugin's weight, an integer from 1 to 100)"] }],
  ])("%o", (namespace, expected) => {
    expect(exportedPlugins(namespace)).toEqual(expected);
  });
});
