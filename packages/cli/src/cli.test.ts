// The whole command line, in-process: flags, exit codes and the messages a user sees.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { serve } from "@skiff/server";
import { skiff } from "./test-cli.js";

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

let dir: string;
let nowhere: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "skiff-cli-"));
  // Keep the developer's own ~/.skiff/config out of the tests.
  vi.stubEnv("SKIFF_CONFIG", join(dir, "no-config"));
  vi.stubEnv("SKIFF_SERVER", "");
  vi.stubEnv("SKIFF_INSECURE", "1");
  nowhere = `127.0.0.1:${await closedPort()}`;
});
afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

describe("skiff (no server needed)", () => {
  it("rejects an unknown kind in kubectl's words", async () => {
    const r = await skiff("get", "foos", "--server", nowhere);
    expect(r).toEqual({ code: 1, stdout: "", stderr: `error: the server doesn't have a resource type "foos"\n` });
  });

  it("rejects a mistyped flag with a usage hint", async () => {
    const r = await skiff("get", "pods", "--bogus");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: Unknown argument: bogus\nSee 'skiff get --help' for usage.\n$/);
  });

  it("rejects an unknown command in cobra's words, pointing at help that exists", async () => {
    const r = await skiff("frobnicate");
    expect(r).toEqual({ code: 1, stdout: "", stderr: `error: unknown command "frobnicate" for "skiff"\nSee 'skiff --help' for usage.\n` });
  });

  it("suggests the command a typo meant", async () => {
    const r = await skiff("-n", "web", "gte", "pods");
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error: unknown command "gte" for "skiff"\n\nDid you mean this?\n\tget\n\nSee 'skiff --help' for usage.\n`);
  });

  it("lists every command in --help, and exits 0", async () => {
    // yargs prints its help with console.log.
    let help = "";
    const log = vi.spyOn(console, "log").mockImplementation((text: string) => void (help += text));
    try {
      expect((await skiff("--help")).code).toBe(0);
    } finally {
      log.mockRestore();
    }
    for (const verb of ["get", "describe", "apply", "server", "rollout", "version"]) expect(help).toContain(`skiff ${verb}`);
  });

  it("says how to start a server when none answers", async () => {
    const r = await skiff("get", "pods", "--server", nowhere);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `cannot reach the skiff server at ${nowhere} (connection refused). Is it running? ` +
        "Start one with 'skiff server' (or 'skiff up'), or point --server / SKIFF_SERVER at it.\n",
    );
  });

  it("prints the client version even when the server is down", async () => {
    const r = await skiff("version", "--server", nowhere);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^Client Version: v\d+\.\d+\.\d+\n$/);
    expect(r.stderr).toContain("cannot reach the skiff server");
  });

  it("validates every document before contacting the server, and stores nothing", async () => {
    const file = join(dir, "bad.yaml");
    writeFileSync(file, "apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n---\napiVersion: v1\nkind: Pod\nmetadata: {}\n");
    const r = await skiff("apply", "-f", file, "--server", nowhere);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`${file} (document 1): metadata.name`);
    expect(r.stderr).toContain(`${file} (document 2)`);
    expect(r.stderr).not.toContain("cannot reach");
  });

  it("needs -f for apply", async () => {
    const r = await skiff("apply");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/-f/);
  });
});

describe("skiff against a real server", () => {
  let server: { address: string; close(): Promise<void> };
  beforeAll(async () => {
    server = await serve({ dataDir: join(dir, "data"), listen: "127.0.0.1:0", logLevel: "silent", insecure: true });
  });
  afterAll(() => server?.close());
  const at = (...args: string[]) => skiff(...args, "--server", server.address);

  const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      affinity: {}
      containers: [{name: web, image: nginx}]
`;

  it("applies, reports unchanged, and warns about unsupported fields", async () => {
    const file = join(dir, "web.yaml");
    writeFileSync(file, deployment);
    const first = await at("apply", "-f", file);
    expect(first).toEqual({
      code: 0,
      stdout: "deployment.apps/web created\n",
      stderr: `Warning: ${file}: spec.template.spec.affinity: not supported by skiff, ignored\n`,
    });
    expect((await at("apply", "-f", file)).stdout).toBe("deployment.apps/web unchanged\n");
  });

  it("gets the deployment as a table, by name, and as yaml", async () => {
    const table = await at("get", "deploy");
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    \d\/2 /);
    expect((await at("get", "deployments", "web", "-o", "name")).stdout).toBe("deployment.apps/web\n");
    expect((await at("get", "deploy", "web", "-o", "yaml")).stdout).toMatch(/^apiVersion: apps\/v1\nkind: Deployment\n/);
  });

  it("describes the deployment", async () => {
    const r = await at("describe", "deploy", "web");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Name: +web$/m);
    expect(r.stdout).toMatch(/^Replicas: +2 desired/m);
  });

  it("says so when a namespace has nothing of a kind", async () => {
    expect(await at("get", "configmaps")).toEqual({ code: 0, stdout: "", stderr: "No resources found in default namespace.\n" });
  });

  it("deletes, then reports NotFound in kubectl's words", async () => {
    expect(await at("delete", "deploy", "web")).toEqual({ code: 0, stdout: `deployment.apps "web" deleted\n`, stderr: "" });
    expect(await at("get", "deploy", "web")).toEqual({
      code: 1,
      stdout: "",
      stderr: `Error from server (NotFound): deployments.apps "web" not found\n`,
    });
    expect((await at("delete", "pod", "x")).stderr).toBe(`Error from server (NotFound): pods "x" not found\n`);
  });

  it("prints both versions and the leader", async () => {
    const r = await at("version");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Client Version: v\S+\nServer Version: v\S+\nLeader: .+\n$/);
  });
});
