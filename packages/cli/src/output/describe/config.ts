// ConfigMaps and Secrets. A Secret's values are never printed, only their sizes, as kubectl does.
import type { ApiObject, ConfigMap, Secret } from "@skiff/api";
import type { DescribeWriter } from "./writer.js";

export function describeConfigMap(obj: ApiObject, w: DescribeWriter): void {
  const cm = obj as ConfigMap;
  w.section("Data", (s) => {
    for (const [k, v] of Object.entries(cm.data ?? {})) s.text(`${k}:`).text("----").text(v).text(" ");
  });
  const binary = Object.entries(cm.binaryData ?? {});
  if (binary.length) {
    w.section("BinaryData", (s) => {
      for (const [k, v] of binary) s.text(`${k}: ${Buffer.from(v, "base64").length} bytes`);
    });
  }
}

/** Size in bytes of a Secret value: `data` is base64, `stringData` (if the server kept it) is plain. */
function sizes(secret: Secret): [string, number][] {
  const out: [string, number][] = [];
  for (const [k, v] of Object.entries(secret.data ?? {})) out.push([k, Buffer.from(v, "base64").length]);
  for (const [k, v] of Object.entries(secret.stringData ?? {})) out.push([k, Buffer.byteLength(v)]);
  return out;
}

export function describeSecret(obj: ApiObject, w: DescribeWriter): void {
  const secret = obj as Secret;
  w.field("Type", secret.type ?? "Opaque");
  w.section("Data", (s) => {
    for (const [k, n] of sizes(secret)) s.field(k, `${n} bytes`);
  });
}
