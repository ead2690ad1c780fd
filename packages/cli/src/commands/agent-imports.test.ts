// What `skiff agent` loads (issue 18: an agent with 30 pods under 60 MB RSS). The schemas and
// validation of @skiff/api (zod, ajv, CEL) cost ~25 MB at import and the SDK pulls them in; the
// agent needs neither. These tests walk the import graph of the sources (static and dynamic
// imports, `import type` left out) and name the chain that reaches a module it must not load.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const packages = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const SCHEMA_LIBRARIES = ["zod", "ajv", "@marcbachmann/cel-js"];

/** Where a @skiff/NAME[/SUB] import lands: its package.json export, dist/*.js read as src/*.ts. */
function skiffSource(specifier: string): string {
  const [, name = "", sub] = /^@skiff\/([^/]+)(\/.+)?$/.exec(specifier) ?? [];
  const manifest = JSON.parse(readFileSync(join(packages, name, "package.json"), "utf8")) as { exports: Record<string, { default: string } | undefined> };
  const target = manifest.exports[sub ? `.${sub}` : "."]?.default;
  if (!target) throw new Error(`${specifier}: not an export of @skiff/${name}`);
  return join(packages, name, target.replace(/^\.\/dist\//, "src/").replace(/\.js$/, ".ts"));
}

function importsOf(file: string, dynamic: boolean): string[] {
  const text = readFileSync(file, "utf8");
  const found: string[] = [];
  for (const [, type, specifier = ""] of text.matchAll(/^\s*(?:import|export)\s+(type\s+)?(?:[^;]*?\sfrom\s+)?"([^"]+)"/gm)) if (!type) found.push(specifier);
  if (dynamic) for (const [, specifier = ""] of text.matchAll(/\bimport\(\s*"([^"]+)"\s*\)/g)) found.push(specifier);
  return found;
}

/**
 * Every source file and npm package reachable from `entry`, each with the file that imported it;
 * with `dynamic` false, what is loaded at start (static imports) only.
 */
function importGraph(entry: string, dynamic = true): Map<string, string | undefined> {
  const from = new Map<string, string | undefined>([[entry, undefined]]);
  const pending = [entry];
  for (let file = pending.pop(); file; file = pending.pop()) {
    for (const specifier of importsOf(file, dynamic)) {
      let target: string;
      if (specifier.startsWith(".")) {
        const ts = resolve(dirname(file), specifier.replace(/\.js$/, ".ts"));
        target = existsSync(ts) ? ts : join(ts.replace(/\.ts$/, ""), "index.ts");
      } else if (specifier.startsWith("@skiff/")) target = skiffSource(specifier);
      else if (specifier.startsWith("node:")) continue;
      else target = specifier.split("/").slice(0, specifier.startsWith("@") ? 2 : 1).join("/");
      if (from.has(target)) continue;
      from.set(target, file);
      if (target.endsWith(".ts")) pending.push(target);
    }
  }
  return from;
}

/** "a.ts -> b.ts -> zod", for the failure message. */
function chain(graph: Map<string, string | undefined>, target: string): string {
  const steps: string[] = [];
  for (let at: string | undefined = target; at; at = graph.get(at)) steps.unshift(at.startsWith("/") ? relative(packages, at) : at);
  return steps.join(" -> ");
}

function unwanted(entry: string, modules: string[], dynamic = true): string[] {
  const graph = importGraph(join(packages, entry), dynamic);
  return modules.filter((m) => graph.has(m)).map((m) => chain(graph, m));
}

describe("what the agent loads", () => {
  it("the agent package reaches neither zod, ajv nor CEL", () => {
    expect(unwanted("agent/src/index.ts", SCHEMA_LIBRARIES)).toEqual([]);
  });

  it("`skiff agent` loads neither the SDK, the full @skiff/api, nor the schema libraries", () => {
    const full = [skiffSource("@skiff/api"), skiffSource("@skiff/client")];
    expect(unwanted("cli/src/commands/agent.ts", [...full, ...SCHEMA_LIBRARIES])).toEqual([]);
  });

  it("`skiff agent` with --server reads no config file, so it does not load the YAML library", () => {
    expect(unwanted("cli/src/commands/agent.ts", ["yaml"])).toEqual([]);
  });

  it("the agent loads prom-client only when it serves metrics (a dynamic import)", () => {
    expect(unwanted("agent/src/index.ts", ["prom-client"], false)).toEqual([]);
    expect(unwanted("agent/src/index.ts", ["prom-client"])).toEqual([expect.stringMatching(/agent-metrics\.ts -> prom-client$/)]);
  });

  it("sees through to a schema library when one is imported (the walk itself works)", () => {
    expect(unwanted("api/src/index.ts", ["zod"])).toEqual([expect.stringMatching(/^api\/src\/index\.ts -> .* -> zod$/)]);
  });
});
