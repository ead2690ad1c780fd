// ResourceQuota and LimitRange (v1), with Kubernetes' rules: quota resource names it knows (or
// `count/<resource>.<group>`), limit types, and defaults only where Kubernetes allows them.
import { z } from "zod";
import { parseQuantity } from "../quantity.js";
import { resourceList } from "./container.js";
import { issue, isRecord, kobject } from "./fields.js";
import { objectMeta } from "./meta.js";
import { status } from "./pod.js";

/** What a quota may limit: these names, `count/<resource>[.<group>]`, or `requests.<extended>`. */
export const QUOTA_RESOURCES = [
  "pods", "cpu", "memory", "requests.cpu", "requests.memory", "limits.cpu", "limits.memory",
  "services", "services.nodeports", "services.loadbalancers", "configmaps", "secrets",
  "persistentvolumeclaims", "requests.storage", "replicationcontrollers", "resourcequotas",
];

const resourceQuotaSpec = kobject("ResourceQuotaSpec", { hard: resourceList().optional() }, (s, ctx) => {
  for (const name of Object.keys(isRecord(s.hard) ? s.hard : {})) {
    if (!QUOTA_RESOURCES.includes(name) && !/^count\/[a-z0-9.-]+$/.test(name)) {
      issue(ctx, ["hard", name], `unsupported quota resource; supported: ${QUOTA_RESOURCES.join(", ")}, count/<resource>.<group>`);
    }
  }
});

export const resourceQuota = kobject("ResourceQuota", {
  apiVersion: z.unknown(),
  kind: z.unknown(),
  metadata: objectMeta("ResourceQuota", "subdomain", true),
  spec: resourceQuotaSpec.optional(),
  status: status(),
});

const value = (q: unknown): number => {
  try {
    return typeof q === "string" || typeof q === "number" ? parseQuantity(q) : NaN;
  } catch {
    return NaN;
  }
};

const limitRangeItem = kobject(
  "LimitRangeItem",
  {
    type: z.enum(["Container", "Pod", "PersistentVolumeClaim"]),
    default: resourceList().optional(),
    defaultRequest: resourceList().optional(),
    min: resourceList().optional(),
    max: resourceList().optional(),
    maxLimitRequestRatio: resourceList().optional(),
  },
  (item, ctx) => {
    if (item.type !== "Container") {
      if (item.default) issue(ctx, ["default"], "may not be specified when `type` is not 'Container'");
      if (item.defaultRequest) issue(ctx, ["defaultRequest"], "may not be specified when `type` is not 'Container'");
    }
    // Kubernetes' ValidateLimitRange: min <= defaultRequest <= default <= max, for each resource.
    const order: [keyof typeof item, keyof typeof item][] = [["min", "max"], ["min", "defaultRequest"], ["defaultRequest", "default"], ["default", "max"], ["min", "default"], ["defaultRequest", "max"]];
    for (const [low, high] of order) {
      const lows = item[low] as Record<string, string> | undefined;
      const highs = item[high] as Record<string, string> | undefined;
      for (const [name, q] of Object.entries(lows ?? {})) {
        const h = highs?.[name];
        if (h !== undefined && value(q) > value(h)) issue(ctx, [low, name], `${low} value ${q} is greater than ${high} value ${h}`);
      }
    }
    for (const [name, q] of Object.entries(item.maxLimitRequestRatio ?? {})) {
      if (value(q) < 1) issue(ctx, ["maxLimitRequestRatio", name], `ratio ${q} is less than 1`);
    }
  },
);

export const limitRange = kobject("LimitRange", {
  apiVersion: z.unknown(),
  kind: z.unknown(),
  metadata: objectMeta("LimitRange", "subdomain", true),
  spec: kobject("LimitRangeSpec", { limits: z.array(limitRangeItem) }),
});
