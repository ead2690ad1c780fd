// `skiff server --scheduler-config FILE`: read the file, import its plugin modules, check every
// name, and hand back what the scheduler is built from. Everything that can be wrong is found here,
// before the server opens its store or a port: a broken config stops the start with a
// ValidationError naming the file and the field (the CLI prints it and exits 1).
import { readFile, stat } from "node:fs/promises";
import { dirname, isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ValidationError, type FieldIssue } from "@skiff/api";
import { defaultPlugins } from "../plugins/index.js";
import type { Plugin } from "../types.js";
import { exportedPlugins } from "./plugin-check.js";
import { resolveProfile, type Profile } from "./profile.js";
import { parseSchedulerConfig } from "./schema.js";

/** A checked scheduler config: the plugins each extension point runs, and those the modules brought. */
export interface SchedulerProfile {
  /** The config file, for logs. */
  source: string;
  profile: Profile;
  /** The plugins of `pluginModules`, by name unique among themselves and the built-in ones. */
  plugins: Plugin[];
  /** Worth a log line, not a refusal (a module's plugin that no extension point enables). */
  warnings: string[];
}

/** The built-in plugins with every lookup empty: for their names, order and weights. */
export function builtInPlugins(): Plugin[] {
  return defaultPlugins({ claim: () => undefined, volume: () => undefined, storageClass: () => undefined });
}

export async function loadSchedulerConfig(file: string): Promise<SchedulerProfile> {
  const source = file;
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new ValidationError([{ path: "", message: `cannot read the scheduler config: ${reason(err)}` }], { source, cause: err });
  }
  const config = parseSchedulerConfig(text, source);
  const issues: FieldIssue[] = [];
  const plugins: Plugin[] = [];
  const from = new Map(builtInPlugins().map((p) => [p.name, "a built-in plugin"]));
  const seenPaths = new Map<string, number>();
  for (const [i, path] of config.pluginModules.entries()) {
    const at = `pluginModules[${i}]`;
    const full = isAbsolute(path) ? path : resolve(dirname(resolve(file)), path);
    if (seenPaths.has(full)) {
      issues.push({ path: at, message: `${path} is listed twice (also pluginModules[${seenPaths.get(full)}])` });
      continue;
    }
    seenPaths.set(full, i);
    const loaded = await importModule(path, full);
    if ("problem" in loaded) {
      issues.push({ path: at, message: loaded.problem });
      continue;
    }
    const exported = exportedPlugins(loaded.namespace);
    if ("problems" in exported) {
      issues.push(...exported.problems.map((p) => ({ path: at, message: `${path} does not export a scheduler plugin: ${p}` })));
      continue;
    }
    for (const plugin of exported.plugins) {
      const taken = from.get(plugin.name);
      if (taken) issues.push({ path: at, message: `${path} exports a plugin named ${plugin.name}, the name of ${taken}: give it another` });
      else {
        from.set(plugin.name, `a plugin of ${at} (${path})`);
        plugins.push(plugin);
      }
    }
  }
  if (issues.length) throw new ValidationError(issues, { source });
  const profile = resolveProfile(config, builtInPlugins(), plugins, source);
  const used = new Set([...profile.filter, ...profile.score.map(([n]) => n)]);
  const warnings = plugins.filter((p) => !used.has(p.name)).map((p) => `${source}: plugin ${p.name} is loaded but no extension point enables it (add it to plugins.filter.enabled or plugins.score.enabled)`);
  return { source, profile, plugins, warnings };
}

/** The module at `full` (`path` as the file wrote it), or why it cannot be had. */
async function importModule(path: string, full: string): Promise<{ namespace: Record<string, unknown> } | { problem: string }> {
  try {
    if (!(await stat(full)).isFile()) return { problem: `${path}: ${full} is not a file` };
  } catch (err) {
    return { problem: `${path}: module not found: ${full} (${reason(err)}; a path is relative to the config file)` };
  }
  try {
    return { namespace: (await import(pathToFileURL(full).href)) as Record<string, unknown> };
  } catch (err) {
    const hint = /\.(ts|mts|cts)$/.test(full) ? " (compile it to JavaScript first: the server loads .js modules)" : "";
    return { problem: `${path}: importing it failed: ${err instanceof Error ? `${err.name}: ${err.message.split("\n")[0]}` : String(err)}${hint}` };
  }
}

function reason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code === "ENOENT") return "no such file";
  if (e.code === "EACCES") return "permission denied";
  if (e.code === "EISDIR") return "it is a directory";
  return e.message ?? String(err);
}
