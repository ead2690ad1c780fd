// The scale subresource (autoscaling/v1 Scale) of Deployments, ReplicaSets and StatefulSets:
// `kubectl scale` patches it; client libraries GET and PUT it. A Scale is a view: writing one
// writes the parent's spec.replicas, compare-and-swap on the parent's resourceVersion.
import type { ServerResponse } from "node:http";
import { ConflictError, customKind, splitFieldPath, valueAtPath, withValueAtPath, type ApiObject } from "@skiff/api";
import type { ObjectService } from "../objects/objects.js";
import { BadRequestError } from "./errors.js";
import { parseBody, sendJson } from "./http.js";
import { applyPatch, patchTypeOf } from "./patch/index.js";
import { refOfTarget, type Target } from "./read.js";
import { isDryRun } from "./write.js";

interface Scale {
  kind: "Scale";
  apiVersion: "autoscaling/v1";
  metadata: Record<string, unknown>;
  spec: { replicas: number };
  status: { replicas: number; selector: string };
}

interface LabelSelectorLike {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

type Scalable = ApiObject<{ replicas?: number; selector?: LabelSelectorLike }, { replicas?: number }>;

export function scaleOf(o: Scalable): Scale {
  const { name, namespace, uid, resourceVersion, creationTimestamp } = o.metadata;
  const custom = customScale(o.kind);
  const spec = custom ? { replicas: numberAt(o, custom.spec) ?? 0 } : { replicas: o.spec?.replicas ?? 1 };
  const status = custom
    ? { replicas: numberAt(o, custom.status) ?? 0, selector: custom.selector ? String(valueAtPath(o, custom.selector) ?? "") : "" }
    : { replicas: o.status?.replicas ?? 0, selector: selectorString(o.spec?.selector) };
  return { kind: "Scale", apiVersion: "autoscaling/v1", metadata: { name, namespace, uid, resourceVersion, creationTimestamp }, spec, status };
}

// A custom kind's scale subresource reads and writes where its CRD says (`.spec.replicas`,
// `.status.replicas`, `.status.selector`: simple dotted paths, as Kubernetes requires).
function customScale(kind: string): { spec: string[]; status: string[]; selector?: string[] } | undefined {
  const scale = customKind(kind)?.scale;
  if (!scale) return undefined;
  const split = splitFieldPath;
  return { spec: split(scale.specReplicasPath), status: split(scale.statusReplicasPath), ...(scale.labelSelectorPath ? { selector: split(scale.labelSelectorPath) } : {}) };
}

/** A label selector in its string form (`app=web,tier in (a,b)`), as Scale.status.selector is. */
function selectorString(s: LabelSelectorLike | undefined): string {
  const parts = Object.entries(s?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of s?.matchExpressions ?? []) {
    const values = `(${(e.values ?? []).join(",")})`;
    if (e.operator === "In") parts.push(`${e.key} in ${values}`);
    else if (e.operator === "NotIn") parts.push(`${e.key} notin ${values}`);
    else if (e.operator === "Exists") parts.push(e.key);
    else if (e.operator === "DoesNotExist") parts.push(`!${e.key}`);
  }
  return parts.join(",");
}

function numberAt(o: unknown, path: string[]): number | undefined {
  const v = valueAtPath(o, path);
  return typeof v === "number" ? v : undefined;
}

export async function getScale(objects: ObjectService, t: Target & { name: string }, res: ServerResponse): Promise<void> {
  sendJson(res, 200, scaleOf((await objects.get(refOfTarget(t))) as Scalable));
}

/** PUT (body: a Scale) or PATCH (body: a patch of the Scale). */
export async function writeScale(objects: ObjectService, t: Target & { name: string }, body: Buffer, contentType: string | undefined, res: ServerResponse, query: URLSearchParams, method: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const parent = (await objects.get(refOfTarget(t))) as Scalable;
    const current = scaleOf(parent);
    const parsed = parseBody(body, contentType, res);
    const wanted = (method === "PATCH" ? applyPatch(patchTypeOf(contentType ?? "") as "json" | "merge" | "strategic", "Scale", current as unknown as Record<string, unknown>, parsed) : parsed) as Partial<Scale>;
    const replicas = wanted?.spec?.replicas;
    if (typeof replicas !== "number" || !Number.isInteger(replicas) || replicas < 0) {
      throw new BadRequestError(`spec.replicas: must be a whole number >= 0, got ${JSON.stringify(replicas)}`);
    }
    const pinned = method === "PUT" ? (wanted.metadata?.resourceVersion as string | undefined) : undefined;
    try {
      const custom = customScale(parent.kind);
      const resized = custom ? (withValueAtPath(parent, custom.spec, replicas)) : { ...parent, spec: { ...parent.spec, replicas } };
      const out = await objects.update(
        { ...resized, metadata: { ...parent.metadata, resourceVersion: pinned || parent.metadata.resourceVersion } },
        { dryRun: isDryRun(query) },
      );
      sendJson(res, 200, scaleOf(out.object as Scalable));
      return;
    } catch (err) {
      if (!(err instanceof ConflictError) || pinned || attempt >= 5) throw err;
    }
  }
}
