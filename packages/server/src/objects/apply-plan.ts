// How an applied object merges with the stored one. Pure: the clock and uid come in as inputs.
//
// The user owns spec, labels, annotations and the top-level data of ConfigMaps and Secrets.
// The server owns uid, creationTimestamp, generation, resourceVersion, deletionTimestamp,
// deletionGracePeriodSeconds and managedFields (which server-side apply writes through its own option, objects.ts).
// Agents and controllers own status. A few spec fields are filled in by the control plane
// (a Pod's nodeName, once scheduled; a Service's clusterIP and nodePorts; a Node's podCIDR);
// re-applying a manifest that leaves them out keeps them.
import { isDeepStrictEqual } from "node:util";
import { customKind, isControlPlaneAnnotation, type ApiObject, type ObjectMeta } from "@skiff/api";
import { keepJobSelector, withJobSelector } from "./job-selector.js";

export type ApplyAction = "created" | "configured" | "unchanged";

export interface ApplyPlan {
  action: ApplyAction;
  /** What to store (for "unchanged", the stored object as it is). */
  object: ApiObject;
}

/** Spec fields the control plane fills in, per kind, kept when a manifest leaves them out. */
const CONTROL_PLANE_SPEC_FIELDS: Record<string, string[]> = {
  Pod: ["nodeName"],
  Service: ["clusterIP", "clusterIPs"],
  Node: ["podCIDR", "podCIDRs"],
};

export interface PlanInputs {
  now: Date;
  newUid: () => string;
}

export function planCreate(incoming: ApiObject, inputs: PlanInputs): ApiObject {
  const { status, ...rest } = incoming;
  const { resourceVersion: _rv, deletionTimestamp: _dt, deletionGracePeriodSeconds: _dg, managedFields: _mf, ...meta } = incoming.metadata;
  const custom = customKind(incoming.kind);
  return withJobSelector({
    ...rest,
    // A custom kind without the status subresource keeps status as any other field (Kubernetes).
    ...(custom && !custom.statusSubresource && status !== undefined ? { status } : {}),
    metadata: {
      ...meta,
      uid: inputs.newUid(),
      creationTimestamp: inputs.now.toISOString(),
      ...(incoming.spec !== undefined || custom ? { generation: 1 } : {}),
    },
  });
}

export function planApply(incoming: ApiObject, existing: ApiObject | undefined, inputs: PlanInputs): ApplyPlan {
  if (!existing) return { action: "created", object: planCreate(incoming, inputs) };
  const merged = mergeUpdate(incoming, existing);
  if (isDeepStrictEqual(withoutVersion(merged), withoutVersion(existing))) {
    return { action: "unchanged", object: existing };
  }
  return { action: "configured", object: merged };
}

/**
 * The object an update of `existing` to the user's `incoming` stores. Carries the stored
 * resourceVersion as the compare-and-swap precondition, unless the user sent their own.
 */
export function mergeUpdate(sent: ApiObject, existing: ApiObject): ApiObject {
  const incoming = keepJobSelector(sent, existing);
  const { status: _ignored, ...userFields } = incoming;
  const spec = keepControlPlaneSpec(incoming.kind, incoming.spec, existing.spec);
  const metadata = mergeMeta(incoming.metadata, existing.metadata);
  if (existing.metadata.generation !== undefined || spec !== undefined) {
    const before = existing.metadata.generation ?? 0;
    metadata.generation = isDeepStrictEqual(spec, existing.spec) ? before : before + 1;
  }
  const merged: ApiObject = { ...userFields, metadata };
  if (spec !== undefined) merged.spec = spec;
  if (existing.status !== undefined) merged.status = existing.status;
  const custom = customKind(incoming.kind);
  if (custom) {
    // Kubernetes bumps a custom object's generation on any change but metadata's (and status's,
    // under the status subresource); without that subresource, status is the user's to write.
    if (!custom.statusSubresource) {
      if (incoming.status !== undefined) merged.status = incoming.status;
      else delete merged.status;
    }
    const before = existing.metadata.generation ?? 0;
    metadata.generation = isDeepStrictEqual(bodyOf(merged, custom.statusSubresource), bodyOf(existing, custom.statusSubresource)) ? before : before + 1;
  }
  return merged;
}

function bodyOf(o: ApiObject, withoutStatus: boolean): Record<string, unknown> {
  const { metadata: _m, apiVersion: _a, kind: _k, status, ...body } = o;
  return withoutStatus || status === undefined ? body : { ...body, status };
}

function mergeMeta(user: ObjectMeta, stored: ObjectMeta): ObjectMeta {
  const { uid: _u, creationTimestamp: _c, generation: _g, deletionTimestamp: _d, deletionGracePeriodSeconds: _dg, managedFields: _m, resourceVersion, ...owned } = user;
  const meta: ObjectMeta = { ...owned };
  const annotations = { ...keptAnnotations(stored.annotations), ...user.annotations };
  if (Object.keys(annotations).length > 0) meta.annotations = annotations;
  else delete meta.annotations;
  meta.uid = stored.uid;
  meta.creationTimestamp = stored.creationTimestamp;
  if (stored.generation !== undefined) meta.generation = stored.generation;
  if (stored.deletionTimestamp !== undefined) meta.deletionTimestamp = stored.deletionTimestamp;
  if (stored.deletionGracePeriodSeconds !== undefined) meta.deletionGracePeriodSeconds = stored.deletionGracePeriodSeconds;
  if (stored.managedFields !== undefined) meta.managedFields = stored.managedFields;
  if (user.finalizers === undefined && stored.finalizers !== undefined) meta.finalizers = stored.finalizers;
  if (user.ownerReferences === undefined && stored.ownerReferences !== undefined) {
    meta.ownerReferences = stored.ownerReferences;
  }
  meta.resourceVersion = resourceVersion ?? stored.resourceVersion;
  return meta;
}

function keptAnnotations(annotations: Record<string, string> | undefined): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [k, v] of Object.entries(annotations ?? {})) {
    if (isControlPlaneAnnotation(k)) kept[k] = v;
  }
  return kept;
}

function keepControlPlaneSpec(kind: string, spec: unknown, stored: unknown): unknown {
  const fields = CONTROL_PLANE_SPEC_FIELDS[kind];
  if (!fields || !isRecord(spec) || !isRecord(stored)) return spec;
  const out: Record<string, unknown> = { ...spec };
  // A Service's `clusterIP: ""` means "allocate one", so it keeps the one it has.
  if (kind === "Service" && out.clusterIP === "") delete out.clusterIP;
  for (const f of fields) if (out[f] === undefined && stored[f] !== undefined) out[f] = stored[f];
  if (kind === "Service") out.ports = keepNodePorts(out, stored);
  return out;
}

/**
 * A NodePort Service's ports keep the nodePort they were given when the manifest leaves it out;
 * a port is the same port when it has the same name, or (unnamed) the same number and protocol.
 * A Service that stops being a NodePort gives its nodePorts up, as in Kubernetes.
 */
function keepNodePorts(spec: Record<string, unknown>, stored: Record<string, unknown>): unknown {
  const ports = spec.ports;
  if (!Array.isArray(ports) || !Array.isArray(stored.ports) || (spec.type ?? "ClusterIP") !== "NodePort") return ports;
  const before = stored.ports.filter(isRecord);
  return ports.map((p: unknown) => {
    if (!isRecord(p) || p.nodePort !== undefined) return p;
    const same = before.find((b) => (p.name !== undefined ? b.name === p.name : b.name === undefined && b.port === p.port && (b.protocol ?? "TCP") === (p.protocol ?? "TCP")));
    return same?.nodePort !== undefined ? { ...p, nodePort: same.nodePort } : p;
  });
}

function withoutVersion(obj: ApiObject): ApiObject {
  const { resourceVersion: _rv, ...metadata } = obj.metadata;
  return { ...obj, metadata };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
