// Which lists strategic merge patch merges instead of replacing, and on which key: the
// `patchStrategy`/`patchMergeKey` tags of k8s.io/api (core/v1, apps/v1, batch/v1) and of
// ObjectMeta, written as data. A list not named here is atomic: a patch replaces it whole.

export interface ListStrategy {
  /** Elements are objects, matched and merged one by one on this field (`name` for containers). */
  mergeKey?: string;
  /** A list of primitives merged as a set, keeping order (finalizers, podCIDRs). */
  primitiveMerge?: boolean;
  /** A union type: `$retainKeys` in a patch clears the members it does not name (Deployment strategy). */
  retainKeys?: boolean;
}

/** Dotted field path from a struct's root (no array indexes) -> strategy. */
type Table = Record<string, ListStrategy>;

const byName: ListStrategy = { mergeKey: "name" };
const byType: ListStrategy = { mergeKey: "type" };
const byIp: ListStrategy = { mergeKey: "ip" };

/** Places a struct's table where the struct sits: `at("spec", POD_SPEC)`. */
function at(prefix: string, table: Table): Table {
  return Object.fromEntries(Object.entries(table).map(([path, s]) => [`${prefix}.${path}`, s]));
}

const OBJECT_META: Table = { ownerReferences: { mergeKey: "uid" }, finalizers: { primitiveMerge: true } };

const CONTAINER: Table = {
  ports: { mergeKey: "containerPort" },
  env: byName,
  volumeMounts: { mergeKey: "mountPath" },
  volumeDevices: { mergeKey: "devicePath" },
};

const POD_SPEC: Table = {
  containers: byName,
  ...at("containers", CONTAINER),
  initContainers: byName,
  ...at("initContainers", CONTAINER),
  ephemeralContainers: byName,
  ...at("ephemeralContainers", CONTAINER),
  volumes: { mergeKey: "name", retainKeys: true },
  imagePullSecrets: byName,
  hostAliases: byIp,
  topologySpreadConstraints: { mergeKey: "topologyKey" },
  schedulingGates: byName,
  resourceClaims: { mergeKey: "name", retainKeys: true },
};

const POD_STATUS: Table = { conditions: byType, podIPs: byIp, hostIPs: byIp };

/** Status with only `conditions` merged on `type`, as most kinds have. */
const CONDITIONS: Table = { "status.conditions": byType };

/** A pod template (its metadata and its pod spec) at `prefix`. */
function podTemplate(prefix: string): Table {
  return { ...at(`${prefix}.metadata`, OBJECT_META), ...at(`${prefix}.spec`, POD_SPEC) };
}

const BY_KIND: Record<string, Table> = {
  Pod: { ...at("spec", POD_SPEC), ...at("status", POD_STATUS) },
  Service: { "spec.ports": { mergeKey: "port" }, ...CONDITIONS },
  Node: { "spec.podCIDRs": { primitiveMerge: true }, "status.conditions": byType, "status.addresses": byType },
  Namespace: CONDITIONS,
  Deployment: { ...podTemplate("spec.template"), "spec.strategy": { retainKeys: true }, ...CONDITIONS },
  ReplicaSet: { ...podTemplate("spec.template"), ...CONDITIONS },
  StatefulSet: { ...podTemplate("spec.template"), ...CONDITIONS },
  DaemonSet: { ...podTemplate("spec.template"), ...CONDITIONS },
  Job: { ...podTemplate("spec.template"), ...CONDITIONS },
  CronJob: { ...at("spec.jobTemplate.metadata", OBJECT_META), ...podTemplate("spec.jobTemplate.spec.template") },
};

// Looked up by the JSON of the path, so that a key holding dots ("example.com/x") never
// matches a dotted entry by accident.
const lookup = new Map<string, Map<string, ListStrategy>>(
  Object.entries(BY_KIND).map(([kind, table]) => [kind, index({ ...at("metadata", OBJECT_META), ...table })]),
);
const everyKind = index(at("metadata", OBJECT_META));

function index(table: Table): Map<string, ListStrategy> {
  return new Map(Object.entries(table).map(([path, s]) => [JSON.stringify(path.split(".")), s]));
}

/**
 * How strategic merge patch treats the field at `path` (field names from the object's root,
 * without array indexes) in an object of `kind`; undefined for an atomic list or a plain map.
 * A kind not in the table still has ObjectMeta's lists.
 */
export function listStrategy(kind: string, path: readonly string[]): ListStrategy | undefined {
  return (lookup.get(kind) ?? everyKind).get(JSON.stringify(path));
}
