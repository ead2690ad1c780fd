// A custom kind's columns, as its CRD's additionalPrinterColumns say (Kubernetes'
// tableconvertor): NAME, then each column's JSONPath evaluated on the object; with no columns,
// NAME and AGE. A `date` cell is an age (`5m`), as the apiserver's table convertor prints it; the
// CLI and the REST edge's Table both use these.
import type { CustomKind } from "../custom/registry.js";
import { evaluatePath, relaxedPath } from "../jsonpath/evaluate.js";
import type { ApiObject } from "../meta.js";
import { age } from "./age.js";
import { NONE } from "./labels.js";

export interface CustomColumn {
  name: string;
  type: string;
  description: string;
  /** 0: always shown; above 0: with `-o wide`. */
  priority: number;
  cell(obj: ApiObject, now: number): string | number | boolean;
}

const AGE_DESCRIPTION = "CreationTimestamp is a timestamp representing the server time when this object was created.";

/** The columns after NAME. */
export function customColumns(kind: CustomKind): CustomColumn[] {
  if (kind.columns.length === 0) {
    return [{ name: "Age", type: "date", description: AGE_DESCRIPTION, priority: 0, cell: (o, now) => age(o.metadata.creationTimestamp, now) }];
  }
  return kind.columns.map((c) => {
    const path = relaxedPath(c.jsonPath);
    return {
      name: c.name,
      type: c.type,
      description: c.description ?? "",
      priority: c.priority ?? 0,
      cell: (o: ApiObject, now: number) => {
        const [value] = evaluatePath(path, o, o);
        if (value === undefined || value === null) return NONE;
        if (c.type === "date" && typeof value === "string") return age(value, now);
        if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
        return JSON.stringify(value);
      },
    };
  });
}
