// The machine-readable formats of `skiff get -o ...`: name, json and yaml, shaped as kubectl's.
import { kindInfo, type ApiObject } from "@skiff/api";
import { stringify } from "yaml";

/** `deployment.apps/web`, `pod/web-1`: kubectl's resource/name form, with the API group if any. */
export function resourceName(obj: ApiObject): string {
  return `${kindRef(obj.kind, obj.apiVersion)}/${obj.metadata.name}`;
}

/** `deployment.apps` for apps/v1 kinds, `pod` for the core group. */
export function kindRef(kind: string, apiVersion?: string): string {
  const version = apiVersion ?? kindInfo(kind)?.apiVersion ?? "v1";
  const group = version.includes("/") ? version.split("/")[0] : "";
  return group ? `${kind.toLowerCase()}.${group}` : kind.toLowerCase();
}

/** What kubectl prints for several objects: a `kind: List` wrapping them. */
export function asList(items: ApiObject[]): Record<string, unknown> {
  return { apiVersion: "v1", items, kind: "List", metadata: { resourceVersion: "" } };
}

/** One object as itself; several (or a listing, even of one) as a List, as kubectl does. */
function payload(items: ApiObject[], single: boolean): unknown {
  return single && items.length === 1 ? items[0] : asList(items);
}

export function toJson(items: ApiObject[], single: boolean): string {
  // kubectl indents JSON by four spaces.
  return JSON.stringify(payload(items, single), null, 4) + "\n";
}

export function toYaml(items: ApiObject[], single: boolean): string {
  // kubectl (sigs.k8s.io/yaml) does not indent list items under their key.
  return stringify(payload(items, single), { lineWidth: 0, indentSeq: false });
}

export function toNames(items: ApiObject[]): string {
  return items.map((o) => resourceName(o) + "\n").join("");
}
