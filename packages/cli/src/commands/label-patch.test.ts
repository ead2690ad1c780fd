// label, annotate and patch against a real server: each a read-modify-write of one object.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Pod } from "@skiff/api";
import { startServer, type TestServer } from "../test-cli.js";
import { createDeployment } from "./workload-fixtures.js";

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
  await s.client.pods.create({ apiVersion: "v1", kind: "Pod", metadata: { name: "web", namespace: "default", labels: { app: "web" } }, spec: { containers: [{ name: "app", image: "nginx" }] } } as Pod);
  await createDeployment(s.client, "api", "api:1");
});
afterAll(() => s?.close());

describe("label", () => {
  it("adds, refuses to overwrite, overwrites, removes", async () => {
    expect(await s.at("label", "pod/web", "tier=front")).toEqual({ code: 0, stdout: "pod/web labeled\n", stderr: "" });
    expect(await s.at("label", "pods", "web", "app=db")).toEqual({ code: 1, stdout: "", stderr: "error: 'app' already has a value (web), and --overwrite is false\n" });
    expect((await s.at("label", "pod/web", "app=db", "--overwrite")).stdout).toBe("pod/web labeled\n");
    expect((await s.client.pods.get("web")).metadata.labels).toEqual({ app: "db", tier: "front" });
    expect((await s.at("label", "pod/web", "tier-")).stdout).toBe("pod/web unlabeled\n");
    expect((await s.at("label", "pod/web", "app=db")).stdout).toBe("pod/web not labeled\n");
    expect((await s.client.pods.get("web")).metadata.labels).toEqual({ app: "db" });
  });

  it("names kinds with their group, and reports a missing object", async () => {
    expect((await s.at("label", "deploy", "api", "team=x")).stdout).toBe("deployment.apps/api labeled\n");
    expect(await s.at("label", "pod/ghost", "a=b")).toEqual({ code: 1, stdout: "", stderr: 'Error from server (NotFound): pods "ghost" not found\n' });
  });

  it("leaves a value the server refuses unwritten", async () => {
    const r = await s.at("label", "pod/web", "bad=not a label value");
    expect(r.code).toBe(1);
    expect((await s.client.pods.get("web")).metadata.labels?.bad).toBeUndefined();
  });
});

describe("annotate", () => {
  it("adds and removes annotations", async () => {
    expect((await s.at("annotate", "pod/web", "note=hello world")).stdout).toBe("pod/web annotated\n");
    expect((await s.client.pods.get("web")).metadata.annotations?.note).toBe("hello world");
    expect((await s.at("annotate", "pod/web", "note-", "other-")).stderr).toBe('annotation "other" not found.\n');
    expect((await s.client.pods.get("web")).metadata.annotations?.note).toBeUndefined();
  });
});

describe("patch", () => {
  it("strategic merge (the default) merges containers by name", async () => {
    const r = await s.at("patch", "deployment/api", "-p", '{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"api:2"}]}}}}');
    expect(r).toEqual({ code: 0, stdout: "deployment.apps/api patched\n", stderr: "" });
    const containers = (await s.client.deployments.get("api")).spec.template.spec.containers;
    expect(containers.map((c) => `${c.name}=${c.image}`)).toEqual(["web=api:2", "sidecar=envoy:1"]);
  });

  it("merge patch replaces lists whole; YAML is accepted", async () => {
    await s.at("patch", "deploy", "api", "--type", "merge", "-p", "spec: {replicas: 7}");
    expect((await s.client.deployments.get("api")).spec.replicas).toBe(7);
    expect((await s.at("patch", "deploy/api", "--type", "merge", "-p", '{"spec":{"replicas":7}}')).stdout).toBe("deployment.apps/api patched (no change)\n");
  });

  it("JSON patch, and its errors in words", async () => {
    expect((await s.at("patch", "pod/web", "--type", "json", "-p", '[{"op":"add","path":"/metadata/labels/x","value":"y"}]')).code).toBe(0);
    expect((await s.client.pods.get("web")).metadata.labels?.x).toBe("y");
    const bad = await s.at("patch", "pod/web", "--type", "json", "-p", '[{"op":"remove","path":"/metadata/labels/nope"}]');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^error: json patch operation 0/);
    expect((await s.at("patch", "pod/web", "--type", "merge", "-p", "[1]")).stderr).toBe("error: a merge patch must be a JSON object, got an array\n");
    expect((await s.at("patch", "pod/web")).stderr).toBe("error: must specify --patch or --patch-file containing the contents of the patch\n");
  });
});
