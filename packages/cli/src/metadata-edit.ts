// The pure part of `skiff label` and `skiff annotate`: which words name objects and which are
// KEY=VALUE or KEY- changes, and a label (or annotation) map with them applied, in kubectl's words.
import { UserError } from "./errors.js";

export interface MetadataChanges {
  /** The words naming objects: `pod/web`, or `pod web`. */
  resources: string[];
  set: Map<string, string>;
  remove: string[];
}

/** What is being changed: kubectl's nouns and verbs for its messages. */
export interface MetadataField {
  /** `label`, `annotation` */
  noun: string;
  /** `labeled`, `annotated` */
  done: string;
}

export const LABELS: MetadataField = { noun: "label", done: "labeled" };
export const ANNOTATIONS: MetadataField = { noun: "annotation", done: "annotated" };

/** Words with `=` or ending in `-` are changes, the rest name objects (kubectl's GetResourcesAndPairs). */
export function parseMetadataArgs(words: readonly string[], field: MetadataField): MetadataChanges {
  const resources: string[] = [];
  const set = new Map<string, string>();
  const remove: string[] = [];
  for (const w of words) {
    const eq = w.indexOf("=");
    if (eq < 0 && !w.endsWith("-")) {
      if (set.size || remove.length) throw new UserError(`all resources must be specified before ${field.noun} changes: ${w}`);
      resources.push(w);
    } else if (eq < 0) {
      remove.push(w.slice(0, -1));
    } else {
      const key = w.slice(0, eq);
      if (!key) throw new UserError(`invalid ${field.noun} spec: ${w}`);
      set.set(key, w.slice(eq + 1));
    }
  }
  for (const key of remove) if (set.has(key)) throw new UserError(`can not both modify and remove the following ${field.noun}(s) in the same command: ${key}`);
  if (resources.length === 0) throw new UserError("one or more resources must be specified as <resource> <name> or <resource>/<name>");
  if (set.size === 0 && remove.length === 0) throw new UserError(`at least one ${field.noun} update is required`);
  return { resources, set, remove };
}

export interface Applied {
  map: Record<string, string>;
  /** kubectl's word for what happened: `labeled`, `unlabeled`, `not labeled`. */
  outcome: string;
  /** Keys asked to be removed that were not there (kubectl warns about each). */
  absent: string[];
}

/**
 * The map with the changes applied. A key that has another value already is refused unless
 * `overwrite`, as kubectl's `'app' already has a value (web), and --overwrite is false`.
 */
export function applyMetadataChanges(current: Record<string, string> | undefined, changes: Pick<MetadataChanges, "set" | "remove">, overwrite: boolean, field: MetadataField): Applied {
  const before = current ?? {};
  const map = { ...before };
  for (const [key, value] of changes.set) {
    const old = before[key];
    if (old !== undefined && old !== value && !overwrite) throw new UserError(`'${key}' already has a value (${old}), and --overwrite is false`);
    map[key] = value;
  }
  const absent = changes.remove.filter((k) => !(k in map));
  for (const key of changes.remove) delete map[key];
  const changed = JSON.stringify(sorted(map)) !== JSON.stringify(sorted(before));
  const onlyRemoved = changed && Object.keys(map).length < Object.keys(before).length && changes.set.size === 0;
  const outcome = !changed ? `not ${field.done}` : onlyRemoved ? `un${field.done}` : field.done;
  return { map, outcome, absent };
}

function sorted(m: Record<string, string>): [string, string][] {
  return Object.entries(m).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
