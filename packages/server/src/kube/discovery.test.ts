import { describe, expect, it } from "vitest";
import { KINDS } from "@skiff/api";
import { VERSION } from "../version.js";
import { aggregatedDiscovery, apiGroupList, apiResourceList, apiVersions, negotiateDiscovery, versionInfo } from "./discovery.js";
import { compareKubeVersions } from "./discovery-versions.js";
import { groupVersion, groupVersions } from "./resources.js";

const V2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
const V2BETA1 = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList";

describe("versionInfo", () => {
  it("answers as Kubernetes 1.32, which the kubectl dispatcher maps to kubectl.1.32", () => {
    const v = versionInfo();
    expect(v).toMatchObject({ major: "1", minor: "32", gitVersion: `v1.32.0-skiff.${VERSION}`, gitTreeState: "clean", compiler: "skiff" });
    expect(v.gitVersion).toMatch(/^v\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/); // semver, as kubectl version parses it
    expect(v.platform).toMatch(/^[a-z0-9]+\/[a-z0-9]+$/);
    if (process.platform === "linux" && process.arch === "x64") expect(v.platform).toBe("linux/amd64");
    expect(Date.parse(v.buildDate)).not.toBeNaN();
  });
});

describe("legacy discovery", () => {
  it("/api names v1 and the server's address", () => {
    expect(apiVersions("10.0.0.1:6443")).toEqual({
      kind: "APIVersions",
      versions: ["v1"],
      serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: "10.0.0.1:6443" }],
    });
  });

  it("/apis lists each named group with its preferred version, and not the core group", () => {
    const list = apiGroupList();
    expect(list).toMatchObject({ kind: "APIGroupList", apiVersion: "v1" });
    expect(list.groups.find((g) => g.name === "apps")).toEqual({
      name: "apps",
      versions: [{ groupVersion: "apps/v1", version: "v1" }],
      preferredVersion: { groupVersion: "apps/v1", version: "v1" },
    });
    expect(list.groups.map((g) => g.name)).not.toContain("");
  });

  it("serves apps/v1 daemonsets (ds), in the category all, with its status", () => {
    const apps = apiResourceList("apps", "v1")?.resources ?? [];
    expect(apps.map((r) => r.name)).toEqual(expect.arrayContaining(["daemonsets", "daemonsets/status"]));
    expect(apps.find((r) => r.name === "daemonsets")).toMatchObject({ kind: "DaemonSet", shortNames: ["ds"], namespaced: true, categories: ["all"] });
    expect(apps.map((r) => r.name)).not.toContain("daemonsets/scale");
  });

  it("serves batch/v1: jobs and cronjobs (cj), in the category all, as `kubectl api-resources` shows them", () => {
    expect(apiGroupList().groups.find((g) => g.name === "batch")?.preferredVersion).toEqual({ groupVersion: "batch/v1", version: "v1" });
    const batch = apiResourceList("batch", "v1")?.resources ?? [];
    expect(batch.map((r) => r.name)).toEqual(["jobs", "jobs/status", "cronjobs", "cronjobs/status"]);
    expect(batch.find((r) => r.name === "cronjobs")).toMatchObject({ kind: "CronJob", shortNames: ["cj"], namespaced: true, categories: ["all"] });
    expect(batch.find((r) => r.name === "jobs")).toMatchObject({ kind: "Job", namespaced: true, categories: ["all"] });
  });

  it("serves policy/v1 poddisruptionbudgets (pdb) with its status", () => {
    expect(apiGroupList().groups.find((g) => g.name === "policy")?.preferredVersion).toEqual({ groupVersion: "policy/v1", version: "v1" });
    const policy = apiResourceList("policy", "v1")?.resources ?? [];
    expect(policy.map((r) => r.name)).toEqual(["poddisruptionbudgets", "poddisruptionbudgets/status"]);
    expect(policy.find((r) => r.name === "poddisruptionbudgets")).toMatchObject({ kind: "PodDisruptionBudget", shortNames: ["pdb"], namespaced: true });
  });

  it.each(KINDS.map((k) => ({ ...k, name: k.kind })))("lists $kind with its scope, short names and the eight verbs", (k) => {
    const { group, version } = groupVersion(k.apiVersion);
    const list = apiResourceList(group, version);
    expect(list).toMatchObject({ kind: "APIResourceList", apiVersion: "v1", groupVersion: k.apiVersion });
    const entry = list?.resources.find((r) => r.name === k.plural);
    expect(entry).toMatchObject({ singularName: k.singular, namespaced: k.namespaced, kind: k.kind });
    expect(entry?.shortNames).toEqual(k.shortNames.length ? k.shortNames : undefined);
    expect(entry?.verbs).toEqual(["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]);
  });

  it.each([
    { name: "pods/log", gv: ["", "v1"], want: { kind: "Pod", verbs: ["get"], namespaced: true } },
    { name: "pods/exec", gv: ["", "v1"], want: { kind: "PodExecOptions", verbs: ["create", "get"] } },
    { name: "pods/status", gv: ["", "v1"], want: { kind: "Pod", verbs: ["get", "patch", "update"] } },
    // kubectl drain's CheckEvictionSupport: name pods/eviction, kind Eviction, a group and a version.
    { name: "pods/eviction", gv: ["", "v1"], want: { group: "policy", version: "v1", kind: "Eviction", verbs: ["create"] } },
    { name: "nodes/status", gv: ["", "v1"], want: { kind: "Node", namespaced: false } },
    { name: "deployments/scale", gv: ["apps", "v1"], want: { group: "autoscaling", version: "v1", kind: "Scale", verbs: ["get", "patch", "update"] } },
    { name: "replicasets/scale", gv: ["apps", "v1"], want: { group: "autoscaling", version: "v1", kind: "Scale" } },
    { name: "statefulsets/scale", gv: ["apps", "v1"], want: { group: "autoscaling", version: "v1", kind: "Scale" } },
  ])("lists the subresource $name", ({ name, gv, want }) => {
    const entry = apiResourceList(gv[0] ?? "", gv[1] ?? "")?.resources.find((r) => r.name === name);
    expect(entry).toMatchObject(want);
  });

  it("lists each resource before its subresources: client-node takes the first entry of a kind", () => {
    for (const { group, version } of groupVersions()) {
      const list = apiResourceList(group, version)?.resources ?? [];
      for (const r of list.filter((x) => !x.name.includes("/"))) expect(list.find((x) => x.kind === r.kind)?.name).toBe(r.name);
    }
  });

  it("names no group on a subresource of its own group version", () => {
    const status = apiResourceList("apps", "v1")?.resources.find((r) => r.name === "deployments/status");
    expect(status).not.toHaveProperty("group");
  });

  it("marks what `kubectl get all` shows with the category all", () => {
    const core = apiResourceList("", "v1")?.resources ?? [];
    expect(core.find((r) => r.name === "pods")?.categories).toEqual(["all"]);
    expect(core.find((r) => r.name === "configmaps")).not.toHaveProperty("categories");
  });

  it.each([["", "v2"], ["apps", "v1beta1"], ["batch", "v1beta1"]])("answers undefined for %s/%s, which is not served", (g, v) => {
    expect(apiResourceList(g, v)).toBeUndefined();
  });
});

describe("aggregated discovery", () => {
  const all = [...aggregatedDiscovery("api").items, ...aggregatedDiscovery("apis").items];

  it("answers /api with the core group alone and /apis with the named groups", () => {
    const api = aggregatedDiscovery("api");
    expect(api).toMatchObject({ kind: "APIGroupDiscoveryList", apiVersion: "apidiscovery.k8s.io/v2", metadata: {} });
    expect(api.items.map((i) => i.metadata.name)).toEqual([""]);
    expect(aggregatedDiscovery("apis").items.map((i) => i.metadata.name)).toEqual(apiGroupList().groups.map((g) => g.name));
    expect(aggregatedDiscovery("apis", "v2beta1").apiVersion).toBe("apidiscovery.k8s.io/v2beta1");
  });

  it("serves batch/v1: jobs and cronjobs (cj), in the category all, as `kubectl api-resources` shows them", () => {
    expect(apiGroupList().groups.find((g) => g.name === "batch")?.preferredVersion).toEqual({ groupVersion: "batch/v1", version: "v1" });
    const batch = apiResourceList("batch", "v1")?.resources ?? [];
    expect(batch.map((r) => r.name)).toEqual(["jobs", "jobs/status", "cronjobs", "cronjobs/status"]);
    expect(batch.find((r) => r.name === "cronjobs")).toMatchObject({ kind: "CronJob", shortNames: ["cj"], namespaced: true, categories: ["all"] });
    expect(batch.find((r) => r.name === "jobs")).toMatchObject({ kind: "Job", namespaced: true, categories: ["all"] });
  });

  it.each(KINDS.map((k) => ({ ...k, name: k.kind })))("lists $kind with its scope, short names and response kind", (k) => {
    const { group, version } = groupVersion(k.apiVersion);
    const v = all.find((i) => i.metadata.name === group)?.versions.find((x) => x.version === version);
    expect(v?.freshness).toBe("Current");
    const entry = v?.resources.find((r) => r.resource === k.plural);
    expect(entry).toMatchObject({ responseKind: { group, version, kind: k.kind }, scope: k.namespaced ? "Namespaced" : "Cluster", singularResource: k.singular });
    expect(entry?.shortNames).toEqual(k.shortNames.length ? k.shortNames : undefined);
  });

  it("gives scale the response kind autoscaling/v1 Scale", () => {
    const deployments = all.find((i) => i.metadata.name === "apps")?.versions[0]?.resources.find((r) => r.resource === "deployments");
    expect(deployments?.subresources).toContainEqual({ subresource: "scale", responseKind: { group: "autoscaling", version: "v1", kind: "Scale" }, verbs: ["get", "patch", "update"] });
  });

  it("says what legacy discovery says, resource for resource", () => {
    for (const { group, version } of groupVersions()) {
      const v = all.find((i) => i.metadata.name === group)?.versions.find((x) => x.version === version);
      const names = (v?.resources ?? []).flatMap((r) => [r.resource, ...(r.subresources ?? []).map((s) => `${r.resource}/${s.subresource}`)]);
      expect(names).toEqual(apiResourceList(group, version)?.resources.map((r) => r.name));
    }
  });
});

describe("negotiateDiscovery", () => {
  it.each([
    { name: "kubectl 1.32: aggregated v2", accept: `${V2},${V2BETA1},application/json`, want: { aggregated: true, version: "v2", contentType: V2 } },
    { name: "v2beta1 alone: aggregated v2beta1", accept: `${V2BETA1},application/json`, want: { aggregated: true, version: "v2beta1", contentType: V2BETA1 } },
    { name: "protobuf first: the JSON form", accept: `${V2.replace("application/json", "application/vnd.kubernetes.protobuf")},${V2}`, want: { aggregated: true, contentType: V2 } },
    { name: "spaces around parameters", accept: "application/json; g=apidiscovery.k8s.io; v=v2; as=APIGroupDiscoveryList", want: { aggregated: true, contentType: V2 } },
    { name: "kubectl 1.20: legacy", accept: "application/json, */*", want: { aggregated: false, contentType: "application/json" } },
    { name: "no Accept: legacy", accept: undefined, want: { aggregated: false, contentType: "application/json" } },
    { name: "plain JSON preferred: legacy", accept: `application/json,${V2}`, want: { aggregated: false } },
    { name: "an unknown discovery version: legacy", accept: "application/json;g=apidiscovery.k8s.io;v=v3;as=APIGroupDiscoveryList", want: { aggregated: false } },
    { name: "aggregated refused with q=0: legacy", accept: `${V2};q=0,application/json`, want: { aggregated: false } },
  ])("$name", ({ accept, want }) => {
    expect(negotiateDiscovery(accept)).toMatchObject(want);
  });
});

describe("compareKubeVersions", () => {
  it("orders GA, then beta, then alpha, higher first, then other names", () => {
    const versions = ["v1alpha1", "foo", "v1beta1", "v1", "v2beta1", "v11alpha2", "v2", "v1beta2", "bar"];
    expect([...versions].sort(compareKubeVersions)).toEqual(["v2", "v1", "v2beta1", "v1beta2", "v1beta1", "v11alpha2", "v1alpha1", "bar", "foo"]);
  });
});
