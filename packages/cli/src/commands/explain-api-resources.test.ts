// api-resources and explain need no server: both read @skiff/api.
import { describe, expect, it } from "vitest";
import { KINDS } from "@skiff/api";
import { skiff } from "../test-cli.js";
import { apiResources } from "./api-resources.js";

describe("api-resources", () => {
  it("prints kubectl's columns, the core group first", async () => {
    const r = await skiff("api-resources");
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^NAME\s+SHORTNAMES\s+APIVERSION\s+NAMESPACED\s+KIND$/);
    expect(lines[1]).toMatch(/^configmaps\s+cm\s+v1\s+true\s+ConfigMap$/);
    expect(lines).toContainEqual(expect.stringMatching(/^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/));
    expect(lines).toContainEqual(expect.stringMatching(/^secrets\s+v1\s+true\s+Secret$/));
    // Every registered kind, so one added to @skiff/api shows up by itself.
    expect(lines.length - 1).toBe(KINDS.length);
  });

  it("filters by --namespaced and prints names with -o name", () => {
    const clusterWide = apiResources(KINDS, { namespaced: "false", output: "name" }).trimEnd().split("\n");
    expect(clusterWide).toEqual(expect.arrayContaining(["namespaces", "nodes"]));
    expect(clusterWide).toHaveLength(KINDS.filter((k) => !k.namespaced).length);
    expect(clusterWide).not.toContain("pods");
    expect(() => apiResources(KINDS, { namespaced: "yes" })).toThrow('invalid argument "yes" for "--namespaced" flag');
  });
});

describe("explain", () => {
  it("shows a kind's fields", async () => {
    const r = await skiff("explain", "pods");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^KIND: {7}Pod\nVERSION: {4}v1\n\nFIELDS:\n {2}apiVersion\t<string> -required-\n/);
    expect(r.stdout).toContain("  spec\t<PodSpec> -required-\n");
  });

  it("shows one field, through lists", async () => {
    const r = await skiff("explain", "deploy.spec.template.spec.containers");
    expect(r.stdout).toMatch(/^KIND: {7}Deployment\nVERSION: {4}apps\/v1\n\nFIELD: containers <\[\]Container>\n\nFIELDS:\n/);
    expect(r.stdout).toContain("  image\t<string>");
  });

  it("names a field that does not exist, and an unknown kind, exit 1", async () => {
    expect(await skiff("explain", "pod.spec.nope")).toEqual({ code: 1, stdout: "", stderr: 'error: field "nope" does not exist: Pod.spec.nope\n' });
    expect((await skiff("explain", "foos")).stderr).toBe('error: the server doesn\'t have a resource type "foos"\n');
  });
});
