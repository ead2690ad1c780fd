// ConfigMap and Secret: string maps with file-name keys, at most 1 MiB each, as in Kubernetes.
import { z } from "zod";
import { checkConfigKey } from "../names.js";
import { bool, issue, isRecord, kobject, str, strMap, whenObject } from "./fields.js";
import { objectMeta } from "./meta.js";

const MAX_BYTES = 1024 * 1024;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Keys usable as file names; values optionally base64. */
const dataMap = (base64: boolean) =>
  strMap().superRefine((m, ctx) => {
    for (const [k, v] of Object.entries(m)) {
      const bad = checkConfigKey(k);
      if (bad) issue(ctx, [k], `invalid key: ${bad}`);
      else if (base64 && typeof v === "string" && (v.length % 4 !== 0 || !BASE64.test(v))) {
        issue(ctx, [k], "must be base64-encoded");
      }
    }
  }, whenObject);

function size(...maps: unknown[]): number {
  let n = 0;
  for (const m of maps) {
    if (!isRecord(m)) continue;
    for (const [k, v] of Object.entries(m)) n += k.length + (typeof v === "string" ? v.length : 0);
  }
  return n;
}

export const configMap = kobject(
  "ConfigMap",
  {
    apiVersion: z.unknown(),
    kind: z.unknown(),
    metadata: objectMeta("ConfigMap", "subdomain", true),
    data: dataMap(false).optional(),
    binaryData: dataMap(true).optional(),
    immutable: bool().optional(),
  },
  (cm, ctx) => {
    if (isRecord(cm.data) && isRecord(cm.binaryData)) {
      for (const k of Object.keys(cm.binaryData)) {
        if (Object.hasOwn(cm.data, k)) issue(ctx, ["binaryData", k], "duplicate of a key in data");
      }
    }
    if (size(cm.data, cm.binaryData) > MAX_BYTES) issue(ctx, [], "data must be no more than 1 MiB in total");
  },
);

export const secret = kobject(
  "Secret",
  {
    apiVersion: z.unknown(),
    kind: z.unknown(),
    metadata: objectMeta("Secret", "subdomain", true),
    data: dataMap(true).optional(),
    stringData: dataMap(false).optional(),
    type: str().optional(),
    immutable: bool().optional(),
  },
  (s, ctx) => {
    if (size(s.data, s.stringData) > MAX_BYTES) issue(ctx, [], "data must be no more than 1 MiB in total");
  },
);
