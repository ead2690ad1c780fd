// The words of a Table (meta.k8s.io/v1): column definitions, rows, and the printer of one kind,
// which turns an object into the cells under its columns. The apiserver always prints every
// column; a priority-1 column is one kubectl shows only with `-o wide`.
import type { ApiObject } from "@skiff/api";

export interface TableColumnDefinition {
  /** Title case as kubectl receives it (`Nominated Node`); kubectl prints it upper-case. */
  name: string;
  /** `string`, `integer`, `number`, `boolean`, `date` (OpenAPI types, as Kubernetes declares them). */
  type: string;
  /** `name` for the column that names the object, else "". */
  format: string;
  description: string;
  /** 0: always shown; 1: shown with `-o wide`. */
  priority: number;
}

/** A cell is JSON: a string, or an integer where Kubernetes prints an int64 (DATA, COUNT, DESIRED...). */
export type TableCell = string | number | boolean;

/** The apiserver marks a finished pod's row `Completed` (metav1.RowCompleted); no other row has conditions. */
export interface TableRowCondition {
  type: string;
  status: "True" | "False" | "Unknown";
  reason?: string;
  message?: string;
}

export interface TableRow {
  cells: TableCell[];
  conditions?: TableRowCondition[];
  /** PartialObjectMetadata, the full object, or absent, as `includeObject` asks. */
  object?: unknown;
}

/** How one kind prints: its columns, and the cells of one object, in the same order. */
export interface Printer {
  columns: TableColumnDefinition[];
  cells(obj: ApiObject, now: number): TableCell[];
  conditions?(obj: ApiObject): TableRowCondition[] | undefined;
}

/** One column; `wide` marks a priority-1 column. */
export function column(name: string, type: string, description: string, opts: { wide?: boolean; format?: string } = {}): TableColumnDefinition {
  return { name, type, format: opts.format ?? "", description, priority: opts.wide ? 1 : 0 };
}

// ObjectMeta's own words for its name and creationTimestamp (metav1.ObjectMeta SwaggerDoc).
export const NAME_DESCRIPTION =
  "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";
export const CREATED_DESCRIPTION =
  "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

/** The Name column every printer but the Event's starts with. */
export const NAME = column("Name", "string", NAME_DESCRIPTION, { format: "name" });
/** AGE: how long ago the object was created. */
export const AGE = column("Age", "string", CREATED_DESCRIPTION);
export const CONTAINERS = column("Containers", "string", "Names of each container in the template.", { wide: true });
export const IMAGES = column("Images", "string", "Images referenced by each container in the template.", { wide: true });
