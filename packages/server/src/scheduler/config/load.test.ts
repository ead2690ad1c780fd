// The loader on real files: a config and its plugin modules in a temp dir, imported for real.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ValidationError } from "@skiff/api";
import { loadSchedulerConfig } from "./load.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "skiff-sched-config-"));
  const modules: Record<string, string> = {
    "most.mjs": "export default { name: 'MostAllocated', weight: 1, score: () => 50 };",
    "two.mjs": "export default [{ name: 'A', filter: () => ({ fit: true }) }, { name: 'B', weight: 2, score: () => 1 }];",
    "throws.mjs": "throw new Error('no database here');",
    "syntax.mjs": "export default {",
    "named.mjs": "export const plugin = { name: 'X', filter: () => ({ fit: true }) };",
    "no-score.mjs": "export default { name: 'Half', weight: 1 };",
    "taken.mjs": "export default { name: 'LeastAllocated', weight: 1, score: () => 0 };",
    "most-again.mjs": "export default { name: 'MostAllocated', weight: 1, score: () => 0 };",
  };
  for (const [name, text] of Object.entries(modules)) await writeFile(join(dir, name), text);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function config(name: string, yaml: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, yaml);
  return file;
}

async function refusal(file: string): Promise<string> {
  const err = await loadSchedulerConfig(file).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ValidationError);
  return (err as Error).message;
}

describe("loadSchedulerConfig", () => {
  it("loads modules relative to the file and arranges the plugins", async () => {
    const file = await config("good.yaml", "pluginModules: [./most.mjs, ./two.mjs]\nplugins: { filter: { enabled: [A] }, score: { disabled: ['*'], enabled: [MostAllocated] } }\n");
    const loaded = await loadSchedulerConfig(file);
    expect(loaded.plugins.map((p) => p.name)).toEqual(["MostAllocated", "A", "B"]);
    expect(loaded.profile.score).toEqual([["MostAllocated", 1]]);
    expect(loaded.profile.filter.at(-1)).toBe("A");
    expect(loaded.warnings).toEqual([`${file}: plugin B is loaded but no extension point enables it (add it to plugins.filter.enabled or plugins.score.enabled)`]);
  });

  it.each([
    ["syntax", "plugins: {", /: not valid YAML: /],
    ["missing module", "pluginModules: [./nowhere.js]", /pluginModules\[0\]: \.\/nowhere\.js: module not found: .*nowhere\.js \(no such file; a path is relative to the config file\)/],
    ["a module that throws", "pluginModules: [./throws.mjs]", /pluginModules\[0\]: \.\/throws\.mjs: importing it failed: Error: no database here/],
    ["a module that does not parse", "pluginModules: [./syntax.mjs]", /pluginModules\[0\]: \.\/syntax\.mjs: importing it failed: /],
    ["named exports only", "pluginModules: [./named.mjs]", /pluginModules\[0\]: \.\/named\.mjs does not export a scheduler plugin: it has no default export: `export default` a plugin or an array of plugins \(it exports plugin\)/],
    ["no filter or score", "pluginModules: [./no-score.mjs]", /\.\/no-score\.mjs does not export a scheduler plugin: default export: missing filter\(pod, node\) or score\(pod, node\)/],
    ["a built-in's name", "pluginModules: [./taken.mjs]", /pluginModules\[0\]: \.\/taken\.mjs exports a plugin named LeastAllocated, the name of a built-in plugin: give it another/],
    ["two modules, one name", "pluginModules: [./most.mjs, ./most-again.mjs]", /pluginModules\[1\]: \.\/most-again\.mjs exports a plugin named MostAllocated, the name of a plugin of pluginModules\[0\] \(\.\/most\.mjs\)/],
    ["one module twice", "pluginModules: [./most.mjs, ./most.mjs]", /pluginModules\[1\]: \.\/most\.mjs is listed twice \(also pluginModules\[0\]\)/],
    ["an unknown name", "pluginModules: [./most.mjs]\nplugins: { score: { enabled: [MostAllocate] } }", /plugins\.score\.enabled\[0\]\.name: unknown plugin "MostAllocate" \(did you mean "MostAllocated"\?\)/],
    ["a weight out of range", "plugins: { score: { enabled: [{ name: LeastAllocated, weight: 1000 }] } }", /plugins\.score\.enabled\[0\]\.weight: must be an integer from 1 to 100, got 1000/],
  ])("refuses %s, naming the file", async (name, yaml, message) => {
    const file = await config(`${name.replace(/\W+/g, "-")}.yaml`, yaml);
    const text = await refusal(file);
    expect(text).toMatch(message);
    expect(text.startsWith(`${file}: `)).toBe(true);
  });

  it("refuses a file that is not there", async () => {
    expect(await refusal(join(dir, "absent.yaml"))).toBe(`${join(dir, "absent.yaml")}: cannot read the scheduler config: no such file`);
  });
});
