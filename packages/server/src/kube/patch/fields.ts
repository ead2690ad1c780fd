// Sets of field paths in the `fieldsV1` form of managedFields, which is how server-side apply
// records what each manager set: `f:<name>` a field, `k:{"name":"web"}` a list element by its
// merge key, `v:<json>` a value of a primitive set, `.` the element itself; `{}` is a leaf.
// `{"f:spec":{"f:containers":{"k:{\"name\":\"web\"}":{".":{},"f:image":{}}}}}`
import { BadRequestError } from "../errors.js";
import { describePath, isObject, type JsonObject } from "./json.js";
import { listStrategy } from "./merge-keys.js";

export type FieldsV1 = { [segment: string]: FieldsV1 };
/** One field as its fieldsV1 segments: `["f:spec", "f:containers", 'k:{"name":"web"}', "f:image"]`. */
export type FieldPath = readonly string[];

export interface AppliedField {
  path: FieldPath;
  /** What the configuration sets there (for `.`, the whole element). */
  value: unknown;
}

/**
 * Every leaf field an applied configuration sets. A non-empty map is owned through its fields;
 * a keyed list through its elements (each owns `.` and its fields); a set through its values;
 * any other list, an empty map and a scalar are leaves.
 */
export function appliedFields(kind: string, obj: JsonObject): AppliedField[] {
  const out: AppliedField[] = [];
  walkMap(kind, obj, [], [], out);
  return out;
}

function walkMap(kind: string, obj: JsonObject, names: string[], path: string[], out: AppliedField[]): void {
  for (const [key, value] of Object.entries(obj)) {
    if (value === null || value === undefined) continue;
    const n = [...names, key];
    const p = [...path, `f:${key}`];
    if (isObject(value) && Object.keys(value).length > 0) walkMap(kind, value, n, p, out);
    else if (Array.isArray(value)) walkList(kind, value, n, p, out);
    else out.push({ path: p, value });
  }
}

function walkList(kind: string, list: unknown[], names: string[], path: string[], out: AppliedField[]): void {
  const strategy = listStrategy(kind, names);
  if (strategy?.mergeKey) {
    const seen = new Set<string>();
    for (const element of list) {
      const key = isObject(element) ? element[strategy.mergeKey] : undefined;
      if (key === undefined || key === null) {
        throw new BadRequestError(`${describePath(names)}: an element has no value for its key "${strategy.mergeKey}"`);
      }
      const segment = `k:${JSON.stringify({ [strategy.mergeKey]: key })}`;
      if (seen.has(segment)) throw new BadRequestError(`${describePath(names)}: duplicate entries for ${pathString([segment])}`);
      seen.add(segment);
      out.push({ path: [...path, segment, "."], value: element });
      walkMap(kind, element as JsonObject, names, [...path, segment], out);
    }
  } else if (strategy?.primitiveMerge) {
    for (const value of list) out.push({ path: [...path, `v:${JSON.stringify(value)}`], value });
  } else {
    out.push({ path, value: list });
  }
}

/** The set holding exactly these paths. */
export function toFieldSet(paths: readonly FieldPath[]): FieldsV1 {
  const set: FieldsV1 = {};
  for (const path of paths) {
    let node = set;
    for (const segment of path) node = node[segment] ??= {};
  }
  return set;
}

/** Every leaf of a set, as a path; a stored set is read defensively, whatever it holds. */
export function leafPaths(set: FieldsV1, prefix: FieldPath = []): FieldPath[] {
  const children = Object.entries(isObject(set) ? set : {});
  if (children.length === 0) return prefix.length === 0 ? [] : [prefix];
  return children.flatMap(([segment, child]) => leafPaths(child, [...prefix, segment]));
}

function nodeAt(set: FieldsV1, path: FieldPath): FieldsV1 | undefined {
  let node: FieldsV1 | undefined = set;
  for (const segment of path) node = isObject(node) && isObject(node[segment]) ? node[segment] : undefined;
  return node;
}

/** The set names this path, or a field inside it. */
export function hasNode(set: FieldsV1, path: FieldPath): boolean {
  return nodeAt(set, path) !== undefined;
}

/** The set owns exactly this field (not only fields inside it). */
export function isLeaf(set: FieldsV1, path: FieldPath): boolean {
  const node = nodeAt(set, path);
  return node !== undefined && Object.keys(node).length === 0;
}

/** The set without these leaves; maps left empty by the removal go too. */
export function withoutPaths(set: FieldsV1, paths: readonly FieldPath[]): FieldsV1 {
  const drop = new Set(paths.map((p) => JSON.stringify(p)));
  return toFieldSet(leafPaths(set).filter((p) => !drop.has(JSON.stringify(p))));
}

/** A path as Kubernetes prints it in a conflict: `.spec.containers[name="web"].image`. */
export function pathString(path: FieldPath): string {
  return path
    .map((segment) => {
      if (segment.startsWith("f:")) return `.${segment.slice(2)}`;
      if (segment.startsWith("v:")) return `[=${segment.slice(2)}]`;
      if (segment.startsWith("k:")) {
        const key = JSON.parse(segment.slice(2)) as JsonObject;
        return `[${Object.entries(key).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(",")}]`;
      }
      return "";
    })
    .join("");
}
