// The scheduler config file (`skiff server --scheduler-config FILE`), a small cousin of Kubernetes'
// KubeSchedulerConfiguration: which plugins run at each extension point, with what weights, and
// which JS modules bring plugins of the user's own. This file only reads the YAML and checks its
// shape (zod); profile.ts checks the names against the plugins there are.
//
//   apiVersion: skiff.dev/v1alpha1        # optional
//   kind: SchedulerConfiguration          # optional
//   pluginModules: [./most-allocated.js]  # paths, relative to this file
//   percentageOfNodesToScore: 50          # optional: stop once this share of the nodes fit (0: adaptive)
//   plugins:
//     filter: { enabled: [{name: X}], disabled: [{name: Y}] }
//     score:  { enabled: [{name: MostAllocated, weight: 2}], disabled: [{name: "*"}] }
import { parseDocument } from "yaml";
import { z } from "zod";
import { ValidationError, closest, formatPath, type FieldIssue } from "@skiff/api";

export const SCHEDULER_CONFIG_API_VERSION = "skiff.dev/v1alpha1";
export const SCHEDULER_CONFIG_KIND = "SchedulerConfiguration";
/** Kubernetes' bounds for a score plugin's weight. */
export const MIN_WEIGHT = 1;
export const MAX_WEIGHT = 100;
/** In `disabled`: every default plugin of that extension point. */
export const ALL = "*";

/** A plugin named in a list: `- name: X` as Kubernetes writes it, or just `- X`. */
const name = z.string({ error: (i) => (i.input === undefined ? "required" : "expected a plugin name") }).min(1, { error: "must not be empty" });
/** `- X` reads as `- name: X`. */
const asNamed = (v: unknown) => (typeof v === "string" ? { name: v } : v);
const named = z.preprocess(asNamed, z.strictObject({ name }, { error: "expected a plugin name or {name: NAME}" }));
const weight = z
  .number({ error: "expected a number" })
  .int({ error: `must be an integer from ${MIN_WEIGHT} to ${MAX_WEIGHT}` })
  .min(MIN_WEIGHT, { error: (i) => `must be an integer from ${MIN_WEIGHT} to ${MAX_WEIGHT}, got ${String(i.input)}` })
  .max(MAX_WEIGHT, { error: (i) => `must be an integer from ${MIN_WEIGHT} to ${MAX_WEIGHT}, got ${String(i.input)}` });
const weighted = z.preprocess(asNamed, z.strictObject({ name, weight: weight.optional() }, { error: "expected a plugin name or {name: NAME, weight: 1..100}" }));

const list = <T extends z.ZodType>(item: T) => z.array(item, { error: "expected a list" }).optional();
const pluginSet = <T extends z.ZodType>(enabled: T) => z.strictObject({ enabled: list(enabled), disabled: list(named) }, { error: "expected a mapping with enabled and disabled" }).optional();

const schema = z.strictObject(
  {
    apiVersion: z.literal(SCHEDULER_CONFIG_API_VERSION, { error: `must be ${SCHEDULER_CONFIG_API_VERSION}` }).optional(),
    kind: z.literal(SCHEDULER_CONFIG_KIND, { error: `must be ${SCHEDULER_CONFIG_KIND}` }).optional(),
    pluginModules: list(z.string({ error: "expected a path to a JS module" }).min(1, { error: "must not be empty" })),
    percentageOfNodesToScore: z.number({ error: "expected a number" }).int({ error: "must be an integer from 0 to 100" }).min(0, { error: "must be an integer from 0 to 100" }).max(100, { error: "must be an integer from 0 to 100" }).optional(),
    plugins: z.strictObject({ filter: pluginSet(named), score: pluginSet(weighted) }, { error: "expected a mapping with filter and score" }).optional(),
  },
  { error: "expected a mapping (see docs/scheduler-plugins.md)" },
);

/** The file as written, its shape checked; names are checked later (profile.ts). */
export interface SchedulerConfigFile {
  pluginModules: string[];
  /** Kubernetes' percentageOfNodesToScore: 0 or absent for the adaptive share (schedule.ts nodesToFind). */
  percentageOfNodesToScore?: number;
  filter: { enabled: { name: string }[]; disabled: { name: string }[] };
  score: { enabled: { name: string; weight?: number }[]; disabled: { name: string }[] };
}

/** Read `text` (the file `source`); a ValidationError names the file and each bad field's path. */
export function parseSchedulerConfig(text: string, source: string): SchedulerConfigFile {
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) throw new ValidationError([{ path: "", message: `not valid YAML: ${doc.errors[0]!.message.split("\n")[0]}` }], { source });
  const raw: unknown = doc.toJS() ?? {};
  const result = schema.safeParse(raw);
  if (!result.success) throw new ValidationError(result.error.issues.map(toFieldIssue), { source });
  const c = result.data;
  return {
    pluginModules: c.pluginModules ?? [],
    ...(c.percentageOfNodesToScore !== undefined ? { percentageOfNodesToScore: c.percentageOfNodesToScore } : {}),
    filter: { enabled: c.plugins?.filter?.enabled ?? [], disabled: c.plugins?.filter?.disabled ?? [] },
    score: { enabled: c.plugins?.score?.enabled ?? [], disabled: c.plugins?.score?.disabled ?? [] },
  };
}

/** Every field the file has somewhere: enough to suggest one for a typo. */
const FIELDS = ["apiVersion", "kind", "pluginModules", "percentageOfNodesToScore", "plugins", "filter", "score", "enabled", "disabled", "name", "weight"];

function toFieldIssue(i: z.core.$ZodIssue): FieldIssue {
  if (i.code === "unrecognized_keys") {
    const key = i.keys[0]!;
    const guess = closest(key, FIELDS);
    const more = i.keys.length > 1 ? ` (and ${i.keys.slice(1).map((k) => JSON.stringify(k)).join(", ")})` : "";
    return { path: formatPath([...i.path, key]), message: `unknown field${guess ? ` (did you mean ${guess}?)` : ""}${more}` };
  }
  return { path: formatPath(i.path), message: i.message };
}
