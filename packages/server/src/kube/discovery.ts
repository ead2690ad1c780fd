// What a Kubernetes client asks before anything else: the server's version (/version) and which
// resources it serves (discovery: /api, /apis, /api/v1, /apis/apps/v1). Every document here is
// derived from resources(), so a kind added to @skiff/api's KINDS is discovered with no change here.
//
// Discovery comes in two forms (client-go discovery/discovery_client.go):
// - legacy: /api and /apis name the group versions, then one APIResourceList per group version;
// - aggregated (apidiscovery.k8s.io/v2): /api and /apis answer everything at once, saving requests.
// The client says which it takes in Accept, and tells them apart by the response's Content-Type.
import { VERSION } from "../version.js";
import { compareKubeVersions } from "./discovery-versions.js";
import { groupVersionString, groupVersions, resources, type Resource } from "./resources.js";

/** The Kubernetes minor version skiff answers as; the gcloud kubectl dispatcher runs `kubectl.1.<minor>`. */
const KUBE_MINOR = "32";
// skiff records no build date: the time this server started stands in for it.
const STARTED = new Date().toISOString().replace(/\.\d+Z$/, "Z");
const GO_ARCH: Record<string, string> = { x64: "amd64", ia32: "386" };
const GO_OS: Record<string, string> = { win32: "windows" };

/** The body of `GET /version`, as `kubectl version` and the kubectl dispatcher read it. */
export function versionInfo() {
  return {
    major: "1",
    minor: KUBE_MINOR,
    gitVersion: `v1.${KUBE_MINOR}.0-skiff.${VERSION}`,
    gitCommit: "",
    gitTreeState: "clean",
    buildDate: STARTED,
    goVersion: "",
    compiler: "skiff",
    platform: `${GO_OS[process.platform] ?? process.platform}/${GO_ARCH[process.arch] ?? process.arch}`,
  };
}

// --- Legacy discovery ---

interface GroupVersionForDiscovery {
  groupVersion: string;
  version: string;
}

/** One entry of an APIResourceList (metav1.APIResource): a resource, or a subresource named `pods/log`. */
export interface APIResource {
  name: string;
  singularName: string;
  namespaced: boolean;
  /** Only where it differs from the list's: `autoscaling`/`v1` for scale. */
  group?: string;
  version?: string;
  kind: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
}

/** `GET /api`: the core group's versions, and the address clients should use. */
export function apiVersions(serverAddress: string) {
  return {
    kind: "APIVersions",
    versions: versionsOf("").map((v) => v.version),
    serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress }],
  };
}

/** `GET /apis`: every named group, its versions, most preferred first. */
export function apiGroupList() {
  const groups = namedGroups().map((name) => {
    const versions = versionsOf(name);
    return { name, versions, preferredVersion: versions[0] };
  });
  return { kind: "APIGroupList", apiVersion: "v1", groups };
}

/** `GET /api/v1`, `GET /apis/apps/v1`: the resources and subresources served there; undefined when none. */
export function apiResourceList(group: string, version: string) {
  const served = resourcesOf(group, version);
  if (served.length === 0) return undefined;
  const list = served.flatMap((r): APIResource[] => [
    {
      name: r.resource,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: r.verbs,
      ...nonEmpty({ shortNames: r.shortNames, categories: r.categories }),
    },
    // A subresource answering with another group's kind names it: deployments/scale is autoscaling/v1 Scale.
    ...r.subresources.map((s) => ({
      name: `${r.resource}/${s.name}`,
      singularName: "",
      namespaced: r.namespaced,
      ...(s.group !== group || s.version !== version ? { group: s.group, version: s.version } : {}),
      kind: s.kind,
      verbs: s.verbs,
    })),
  ]);
  return { kind: "APIResourceList", apiVersion: "v1", groupVersion: groupVersionString(group, version), resources: list };
}

// --- Aggregated discovery (apidiscovery.k8s.io/v2; v2beta1 has the same shape) ---

export type AggregatedVersion = "v2" | "v2beta1";

/** `GET /api` (the core group) or `GET /apis` (the named groups) in one APIGroupDiscoveryList. */
export function aggregatedDiscovery(which: "api" | "apis", version: AggregatedVersion = "v2") {
  const names = which === "api" ? (versionsOf("").length ? [""] : []) : namedGroups();
  const items = names.map((name) => ({
    metadata: { name },
    versions: versionsOf(name).map((v) => ({
      version: v.version,
      resources: resourcesOf(name, v.version).map(resourceDiscovery),
      freshness: "Current",
    })),
  }));
  return { kind: "APIGroupDiscoveryList", apiVersion: `apidiscovery.k8s.io/${version}`, metadata: {}, items };
}

function resourceDiscovery(r: Resource) {
  return {
    resource: r.resource,
    responseKind: { group: r.group, version: r.version, kind: r.kind },
    scope: r.namespaced ? "Namespaced" : "Cluster",
    singularResource: r.singular,
    verbs: r.verbs,
    ...nonEmpty({
      shortNames: r.shortNames,
      categories: r.categories,
      subresources: r.subresources.map((s) => ({
        subresource: s.name,
        responseKind: { group: s.group, version: s.version, kind: s.kind },
        verbs: s.verbs,
      })),
    }),
  };
}

/** How to answer /api or /apis: aggregated in the exact media type the client matched, else legacy JSON. */
export type DiscoveryAnswer =
  | { aggregated: true; version: AggregatedVersion; contentType: string }
  | { aggregated: false; contentType: "application/json" };

const LEGACY: DiscoveryAnswer = { aggregated: false, contentType: "application/json" };

/**
 * Picks the first media range of `Accept` that skiff can serve, in the client's order (q-values
 * other than 0 are not weighed: clients list what they prefer first). kubectl 1.32 sends
 * `application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,…;v=v2beta1;…,application/json`.
 */
export function negotiateDiscovery(accept: string | undefined): DiscoveryAnswer {
  for (const range of (accept ?? "").split(",")) {
    const [type = "", ...rest] = range.split(";").map((s) => s.trim());
    const params = new Map(rest.map(splitParam));
    if (params.has("q") && Number(params.get("q")) === 0) continue;
    const mediaType = type.toLowerCase();
    const v = params.get("v");
    if (mediaType === "application/json" && params.get("g") === "apidiscovery.k8s.io" && params.get("as") === "APIGroupDiscoveryList" && (v === "v2" || v === "v2beta1")) {
      return { aggregated: true, version: v, contentType: `application/json;g=apidiscovery.k8s.io;v=${v};as=APIGroupDiscoveryList` };
    }
    if ((mediaType === "application/json" && !params.has("as")) || mediaType === "application/*" || mediaType === "*/*") return LEGACY;
  }
  return LEGACY;
}

function splitParam(p: string): [string, string] {
  const i = p.indexOf("=");
  return i < 0 ? [p, ""] : [p.slice(0, i).trim(), p.slice(i + 1).trim()];
}

// --- Shared ---

function resourcesOf(group: string, version: string): Resource[] {
  return resources().filter((r) => r.group === group && r.version === version);
}

/** The named (non-core) groups, in the order their first kind appears. */
function namedGroups(): string[] {
  return [...new Set(groupVersions().map((gv) => gv.group))].filter((g) => g !== "");
}

function versionsOf(group: string): GroupVersionForDiscovery[] {
  return groupVersions()
    .filter((gv) => gv.group === group)
    .map((gv) => gv.version)
    .sort(compareKubeVersions)
    .map((version) => ({ groupVersion: groupVersionString(group, version), version }));
}

/** Drops empty lists, as Kubernetes' `omitempty` does. */
function nonEmpty<T extends Record<string, unknown[]>>(lists: T): Partial<T> {
  return Object.fromEntries(Object.entries(lists).filter(([, v]) => v.length > 0)) as Partial<T>;
}
