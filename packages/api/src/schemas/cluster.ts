// Namespace, Node and Event.
import { z } from "zod";
import { checkLabelValue, checkQualifiedName } from "../names.js";
import { bool, int, kobject, named, str, strList } from "./fields.js";
import { objectMeta, objectReference } from "./meta.js";
import { status } from "./pod.js";

export const namespace = kobject("Namespace", {
  apiVersion: z.unknown(),
  kind: z.unknown(),
  metadata: objectMeta("Namespace", "label", false),
  spec: kobject("NamespaceSpec", { finalizers: strList().optional() }).optional(),
  status: status(),
});

const taint = kobject("Taint", {
  key: named(checkQualifiedName),
  value: named(checkLabelValue).optional(),
  effect: z.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"]),
  timeAdded: str().optional(),
});

export const node = kobject("Node", {
  apiVersion: z.unknown(),
  kind: z.unknown(),
  metadata: objectMeta("Node", "subdomain", false),
  // podCIDR is the server's (nodes/node-index.ts): accepted back unchanged from clients that read it.
  spec: kobject("NodeSpec", { unschedulable: bool().optional(), taints: z.array(taint).optional(), podCIDR: str().optional(), podCIDRs: z.array(str()).optional() }).optional(),
  status: status(),
});

export const event = kobject("Event", {
  apiVersion: z.unknown(),
  kind: z.unknown(),
  metadata: objectMeta("Event", "subdomain", true),
  involvedObject: objectReference,
  reason: str().optional(),
  message: str().optional(),
  type: z.enum(["Normal", "Warning"]).optional(),
  count: int(0).optional(),
  firstTimestamp: str().optional(),
  lastTimestamp: str().optional(),
  source: kobject("EventSource", { component: str().optional(), host: str().optional() }).optional(),
});
