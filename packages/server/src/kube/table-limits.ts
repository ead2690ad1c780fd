// kubectl 1.32's tables for ResourceQuotas (printers.go printResourceQuota: NAME AGE REQUEST
// LIMIT, each `resource: used/hard`) and LimitRanges (NAME CREATED AT); the cell rules are
// @skiff/api's.
import { age, quotaLimitCell, quotaRequestCell, type ApiObject, type ResourceQuota } from "@skiff/api";
import { AGE, CREATED_DESCRIPTION, NAME, column, type Printer } from "./table-columns.js";

const resourceQuota: Printer = {
  columns: [
    NAME,
    AGE,
    column("Request", "string", "Request represents a minimum amount of cpu/memory that a container may consume."),
    column("Limit", "string", "Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node."),
  ],
  cells: (o: ApiObject, now: number) => {
    const q = o as ResourceQuota;
    return [q.metadata.name, age(q.metadata.creationTimestamp, now), quotaRequestCell(q), quotaLimitCell(q)];
  },
};

const limitRange: Printer = {
  columns: [NAME, column("Created At", "date", CREATED_DESCRIPTION)],
  cells: (o: ApiObject) => [o.metadata.name, o.metadata.creationTimestamp ? new Date(o.metadata.creationTimestamp).toISOString().replace(/\.\d+Z$/, "Z") : "0001-01-01T00:00:00Z"],
};

export const limitsPrinters: Record<string, Printer> = { ResourceQuota: resourceQuota, LimitRange: limitRange };
