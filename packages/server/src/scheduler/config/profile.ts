// From the config file to the plugins the scheduler runs, as Kubernetes merges a profile's plugin
// sets with its defaults (per extension point):
//   - the defaults run in their order, less those `disabled` (`"*"`: all of them);
//   - a default also `enabled` stays in its place, with the weight given there;
//   - the other `enabled` plugins follow, in the order listed.
// Every name must be a plugin there is (a built-in one or one a module brought) that has that
// extension point. Pure: `resolveProfile` checks and orders names, `profilePlugins` makes the list.
import { ValidationError, closest, type FieldIssue } from "@skiff/api";
import { isFilterPlugin, isScorePlugin, type FilterPlugin, type Plugin, type ScorePlugin } from "../types.js";
import { ALL, type SchedulerConfigFile } from "./schema.js";

/** The plugins each extension point runs, in order: what the scheduler is built from. */
export interface Profile {
  filter: string[];
  /** Score plugins with their weights. */
  score: [string, number][];
  /** How many of the nodes a decision looks for that fit (schedule.ts nodesToFind); absent: adaptive. */
  percentageOfNodesToScore?: number;
}

export function defaultProfile(defaults: readonly Plugin[]): Profile {
  return { filter: defaults.filter(isFilterPlugin).map((p) => p.name), score: defaults.filter(isScorePlugin).map((p): [string, number] => [p.name, p.weight]) };
}

/**
 * Check `config`'s names against `defaults` (the built-in plugins, in order) and `extra` (those of
 * the plugin modules) and merge. A ValidationError names `source` and each bad entry's path.
 */
export function resolveProfile(config: SchedulerConfigFile, defaults: readonly Plugin[], extra: readonly Plugin[], source: string): Profile {
  const issues: FieldIssue[] = [];
  const known = new Map([...defaults, ...extra].map((p) => [p.name, p]));
  const defaultNames = defaultProfile(defaults);

  const check = (point: "filter" | "score", list: "enabled" | "disabled", names: readonly string[]): void => {
    const seen = new Set<string>();
    names.forEach((name, i) => {
      const path = `plugins.${point}.${list}[${i}].name`;
      if (name === ALL) {
        if (list === "enabled") issues.push({ path, message: `"${ALL}" only means "every default plugin" in disabled` });
        return;
      }
      if (seen.has(name)) issues.push({ path, message: `${name} is listed twice` });
      seen.add(name);
      const plugin = known.get(name);
      if (!plugin) {
        const guess = closest(name, [...known.keys()]);
        issues.push({ path, message: `unknown plugin "${name}"${guess ? ` (did you mean "${guess}"?)` : ""}; known: ${[...known.keys()].sort().join(", ")}` });
      } else if (point === "filter" ? !isFilterPlugin(plugin) : !isScorePlugin(plugin)) {
        issues.push({ path, message: `${name} is not a ${point} plugin (it only ${point === "filter" ? "scores" : "filters"})` });
      }
    });
  };
  check("filter", "enabled", config.filter.enabled.map((e) => e.name));
  check("filter", "disabled", config.filter.disabled.map((e) => e.name));
  check("score", "enabled", config.score.enabled.map((e) => e.name));
  check("score", "disabled", config.score.disabled.map((e) => e.name));
  if (issues.length) throw new ValidationError(issues, { source });

  const weightOf = (name: string, given: number | undefined): number => given ?? (known.get(name) as ScorePlugin).weight;
  const filter = merge(defaultNames.filter.map((n): [string, undefined] => [n, undefined]), config.filter.enabled.map((e): [string, undefined] => [e.name, undefined]), config.filter.disabled);
  const score = merge(
    defaultNames.score,
    config.score.enabled.map((e): [string, number] => [e.name, weightOf(e.name, e.weight)]),
    config.score.disabled,
  );
  return { filter: filter.map(([n]) => n), score, ...(config.percentageOfNodesToScore !== undefined ? { percentageOfNodesToScore: config.percentageOfNodesToScore } : {}) };
}

/** One extension point: the defaults kept (with an enabled entry's settings), then the other enabled. */
function merge<T>(defaults: readonly [string, T][], enabled: readonly [string, T][], disabled: readonly { name: string }[]): [string, T][] {
  const off = new Set(disabled.map((d) => d.name));
  const all = off.has(ALL);
  const given = new Map(enabled);
  const kept = defaults.filter(([n]) => !all && !off.has(n)).map(([n, v]): [string, T] => [n, given.has(n) ? (given.get(n) as T) : v]);
  const keptNames = new Set(kept.map(([n]) => n));
  return [...kept, ...enabled.filter(([n]) => !keptNames.has(n))];
}

/**
 * The scheduler's plugin list for `profile`, from the plugins by name: a filter-only view of each
 * filter, then a score-only view of each scorer with its weight, so that a plugin with both (as
 * TaintToleration) does only what each extension point enabled. Names were checked by resolveProfile.
 */
export function profilePlugins(profile: Profile, available: readonly Plugin[]): Plugin[] {
  const byName = new Map(available.map((p) => [p.name, p]));
  const get = (name: string): Plugin => {
    const p = byName.get(name);
    if (!p) throw new Error(`scheduler profile names plugin ${name}, which is not loaded`);
    return p;
  };
  const filters = profile.filter.map((name): FilterPlugin => {
    const p = get(name) as FilterPlugin;
    return { name, filter: (pod, node) => guarded(name, () => p.filter(pod, node)) };
  });
  const scorers = profile.score.map(([name, weight]): ScorePlugin => {
    const p = get(name) as ScorePlugin;
    return { name, weight, score: (pod, node) => guarded(name, () => p.score(pod, node)) };
  });
  return [...filters, ...scorers];
}

/** A plugin that throws fails the pod's attempt (it is retried): the log should say which plugin. */
function guarded<T>(name: string, call: () => T): T {
  try {
    return call();
  } catch (err) {
    throw new Error(`scheduler plugin ${name} failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}
