import { describe, expect, it } from "vitest";
import { KINDS } from "@skiff/api";
import { openApiV2, openApiV3GroupVersion, openApiV3Root } from "./openapi.js";
import { groupVersion, groupVersions, resources } from "./resources.js";

interface Parameter {
  name: string;
  in: string;
}
interface Operation {
  "x-kubernetes-group-version-kind"?: { group: string; version: string; kind: string };
  parameters?: Parameter[];
  requestBody?: { content: Record<string, unknown> };
}
interface Document {
  openapi: string;
  paths: Record<string, { parameters?: Parameter[]; patch?: Operation }>;
}

const docOf = (path: string) => openApiV3GroupVersion(path) as Document | undefined;
const keyOf = (group: string, version: string) => (group ? `apis/${group}/${version}` : `api/${version}`);

/** The PATCH operation of a kind, found as kubectl finds it: by its x-kubernetes-group-version-kind. */
function patchOf(kind: (typeof KINDS)[number]): Operation | undefined {
  const { group, version } = groupVersion(kind.apiVersion);
  const doc = docOf(keyOf(group, version));
  return Object.values(doc?.paths ?? {})
    .map((p) => p.patch)
    .find((op) => op?.["x-kubernetes-group-version-kind"]?.kind === kind.kind && op["x-kubernetes-group-version-kind"].group === group);
}

describe("openApiV3Root", () => {
  it("points at one document per group version, with a hash in the URL", () => {
    const { paths } = openApiV3Root();
    expect(Object.keys(paths)).toEqual(groupVersions().map((gv) => keyOf(gv.group, gv.version)));
    expect(paths["api/v1"]?.serverRelativeURL).toMatch(/^\/openapi\/v3\/api\/v1\?hash=[0-9A-F]{16}$/);
    expect(paths["apis/apps/v1"]?.serverRelativeURL).toMatch(/^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]{16}$/);
  });

  it("keeps each hash from one call to the next, and gives each document its own", () => {
    expect(openApiV3Root()).toEqual(openApiV3Root());
    const { paths } = openApiV3Root();
    expect(paths["api/v1"]?.serverRelativeURL.split("=")[1]).not.toBe(paths["apis/apps/v1"]?.serverRelativeURL.split("=")[1]);
  });
});

describe("openApiV3GroupVersion", () => {
  it("has one path per resource: its item URL, namespaced or not", () => {
    expect(Object.keys(docOf("api/v1")?.paths ?? {})).toEqual(
      expect.arrayContaining(["/api/v1/namespaces/{namespace}/pods/{name}", "/api/v1/nodes/{name}", "/api/v1/namespaces/{name}"]),
    );
    expect(Object.keys(docOf("apis/apps/v1")?.paths ?? {})).toContain("/apis/apps/v1/namespaces/{namespace}/deployments/{name}");
    for (const { group, version } of groupVersions()) {
      // Every resource that takes a PATCH (kubectl reads these paths to patch), stored or not;
      // metrics.k8s.io is read-only and has none.
      const count = resources().filter((r) => r.group === group && r.version === version && r.verbs.includes("patch")).length;
      expect(Object.keys(docOf(keyOf(group, version))?.paths ?? {})).toHaveLength(count);
    }
  });

  it("declares the path parameters of each URL", () => {
    const pods = docOf("api/v1")?.paths["/api/v1/namespaces/{namespace}/pods/{name}"];
    expect(pods?.parameters?.map((p) => `${p.in}:${p.name}`)).toEqual(["path:name", "path:namespace"]);
    expect(docOf("api/v1")?.paths["/api/v1/nodes/{name}"]?.parameters?.map((p) => p.name)).toEqual(["name"]);
  });

  it.each(KINDS.map((k) => ({ ...k, name: k.kind })))("lets kubectl leave validating $kind to the server (PATCH takes fieldValidation)", (k) => {
    const patch = patchOf(k);
    expect(patch?.parameters).toContainEqual(expect.objectContaining({ name: "fieldValidation", in: "query" }));
  });

  it.each(KINDS.map((k) => ({ ...k, name: k.kind })))("takes JSON, merge and apply patches of $kind, but not strategic merge", (k) => {
    const content = Object.keys(patchOf(k)?.requestBody?.content ?? {});
    expect(content).toEqual(["application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml"]);
    expect(content).not.toContain("application/strategic-merge-patch+json");
  });

  it("is an OpenAPI 3.0 document, found with or without a leading slash and a hash", () => {
    expect(docOf("api/v1")?.openapi).toBe("3.0.0");
    expect(docOf("/apis/apps/v1")).toBe(docOf("apis/apps/v1"));
    expect(docOf("api/v1?hash=1")).toBe(docOf("api/v1"));
  });

  it.each(["apis/batch/v1beta1", "api/v2", "apis/apps", ""])("answers undefined for %j", (path) => {
    expect(docOf(path)).toBeUndefined();
  });
});

describe("openApiV2", () => {
  it("is an empty protobuf Document, typed so that a MIME parser accepts it", () => {
    const { body, contentType } = openApiV2();
    expect(body).toHaveLength(0);
    expect(contentType).toBe("application/octet-stream");
  });
});
