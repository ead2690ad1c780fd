// A custom object, as kubectl describes one: its apiVersion and kind, then every field of its body
// (spec, status, anything else), nested, with kubectl's title-cased labels (`readyReplicas` ->
// `Ready Replicas`).
import type { ApiObject } from "@skiff/api";
import type { DescribeWriter } from "./writer.js";

const title = (key: string) => key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/^./, (c) => c.toUpperCase());

function value(w: DescribeWriter, label: string, v: unknown): void {
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x !== "object" || x === null)) w.field(label, v.map(String).join(", "));
    else w.section(label, (s) => v.forEach((x, i) => value(s, `[${i}]`, x)));
  } else if (typeof v === "object" && v !== null) {
    w.section(label, (s) => Object.entries(v).forEach(([k, x]) => value(s, title(k), x)));
  } else w.field(label, v === undefined || v === null ? undefined : String(v));
}

export function describeCustomObject(obj: ApiObject, w: DescribeWriter): void {
  w.field("API Version", obj.apiVersion);
  w.field("Kind", obj.kind);
  for (const [key, v] of Object.entries(obj)) {
    if (key !== "apiVersion" && key !== "kind" && key !== "metadata") value(w, title(key), v);
  }
}
