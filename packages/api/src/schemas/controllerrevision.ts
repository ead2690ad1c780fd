// ControllerRevision (apps/v1): immutable snapshots that controllers write; a user rarely does.
import { z } from "zod";
import { int, kobject, typeError } from "./fields.js";
import { objectMeta } from "./meta.js";

export const controllerRevision = kobject("ControllerRevision", {
  apiVersion: z.unknown(),
  kind: z.unknown(),
  metadata: objectMeta("ControllerRevision", "subdomain", true),
  // Any JSON object: what it means is its controller's business.
  data: z.record(z.string(), z.unknown(), { error: typeError("object") }).optional(),
  revision: int(0),
});
