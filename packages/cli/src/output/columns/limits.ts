// ResourceQuotas and LimitRanges: kubectl's columns (cells by @skiff/api's rules).
import { age, quotaLimitCell, quotaRequestCell, type ResourceQuota } from "@skiff/api";
import type { Columns } from "./types.js";

const resourceQuotas: Columns = {
  headers: ["NAME", "AGE", "REQUEST", "LIMIT"],
  row: (o, now) => {
    const q = o as ResourceQuota;
    return [q.metadata.name, age(q.metadata.creationTimestamp, now), quotaRequestCell(q), quotaLimitCell(q)];
  },
};

const limitRanges: Columns = {
  headers: ["NAME", "CREATED AT"],
  // RFC 3339 in whole seconds, as kubectl prints it.
  row: (o) => [o.metadata.name, o.metadata.creationTimestamp ? new Date(o.metadata.creationTimestamp).toISOString().replace(/\.\d+Z$/, "Z") : "<unknown>"],
};

export const limitsColumns: Record<string, Columns> = { ResourceQuota: resourceQuotas, LimitRange: limitRanges };
