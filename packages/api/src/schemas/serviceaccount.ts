// ServiceAccount (core v1): a name in a namespace, and whether its pods get a token by default.
import { z } from "zod";
import { bool, kobject, str } from "./fields.js";
import { objectMeta, objectReference } from "./meta.js";

export const serviceAccount = kobject("ServiceAccount", {
  apiVersion: z.unknown(),
  kind: z.unknown(),
  metadata: objectMeta("ServiceAccount", "subdomain", true),
  secrets: z.array(objectReference).optional(),
  imagePullSecrets: z.array(kobject("LocalObjectReference", { name: str().optional() })).optional(),
  automountServiceAccountToken: bool().optional(),
});
