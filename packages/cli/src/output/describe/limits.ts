// ResourceQuotas and LimitRanges, as kubectl's describers print them: a quota's table of
// Resource, Used and Hard; a range's table of each type's bounds and defaults, `-` where unset.
import { quotaResourceRows, type ApiObject, type LimitRange, type ResourceQuota } from "@skiff/api";
import { table } from "./table.js";
import type { DescribeWriter } from "./writer.js";

export function describeResourceQuota(obj: ApiObject, w: DescribeWriter): void {
  table(w, ["Resource", "Used", "Hard"], quotaResourceRows(obj as ResourceQuota));
}

export function describeLimitRange(obj: ApiObject, w: DescribeWriter): void {
  const rows: string[][] = [];
  for (const item of (obj as LimitRange).spec?.limits ?? []) {
    const names = [...new Set([item.min, item.max, item.defaultRequest, item.default, item.maxLimitRequestRatio].flatMap((l) => Object.keys(l ?? {})))].sort();
    for (const name of names) {
      const cell = (l: Record<string, string> | undefined) => l?.[name] ?? "-";
      rows.push([item.type, name, cell(item.min), cell(item.max), cell(item.defaultRequest), cell(item.default), cell(item.maxLimitRequestRatio)]);
    }
  }
  table(w, ["Type", "Resource", "Min", "Max", "Default Request", "Default Limit", "Max Limit/Request Ratio"], rows);
}
