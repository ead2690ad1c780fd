// `skiff auth can-i --list` and `kubectl auth can-i --list` against a real `skiff server` (no
// agents): a SelfSubjectRulesReview on both edges, printed the same way by both.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiObject } from "@skiff/api";
import { SkiffClient } from "@skiff/client";
import { Kubectl } from "./support/kubectl.js";
import { freePort, ServerProcess, skiff, tempDir } from "./support/skiff.js";

let dir: { path: string; remove(): Promise<void> };
let server: ServerProcess;
let alice: { env: Record<string, string>; kubectl: Kubectl };

const ok = async (args: string[], env: Record<string, string> = server.env) => {
  const r = await skiff(args, { env });
  if (r.code !== 0) throw new Error(`skiff ${args.join(" ")} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
};

beforeAll(async () => {
  dir = await tempDir("can-i-list");
  server = new ServerProcess(join(dir.path, "data"), await freePort());
  await server.start();
  const root = new SkiffClient(server.clientOptions());
  try {
    for (const ns of ["team-a", "team-b"]) await root.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: ns } } as ApiObject);
    await root.create({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata: { name: "web-deployer", namespace: "team-a" },
      rules: [{ verbs: ["get", "patch"], apiGroups: ["apps"], resources: ["deployments"], resourceNames: ["web"] }],
    } as unknown as ApiObject);
    for (const [name, kind, role] of [["alice-edit", "ClusterRole", "edit"], ["alice-web", "Role", "web-deployer"]] as const) {
      await root.create({
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "RoleBinding",
        metadata: { name, namespace: "team-a" },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind, name: role },
        subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "alice" }],
      } as unknown as ApiObject);
    }
  } finally {
    root.close();
  }
  const token = (await ok(["token", "create", "--user", "alice", "-q"])).trim();
  const configPath = join(dir.path, "alice.config");
  await writeFile(configPath, (await readFile(server.configPath, "utf8")).replace(/^token: .*$/m, `token: ${token}`), { mode: 0o600 });
  const kubeconfig = join(dir.path, "alice.kubeconfig");
  await writeFile(kubeconfig, await ok(["kubeconfig", "--user", "alice"]), { mode: 0o600 });
  alice = { env: { SKIFF_SERVER: server.address, SKIFF_CONFIG: configPath }, kubectl: new Kubectl(kubeconfig, join(dir.path, "home-alice")) };
});

afterAll(async () => {
  await server?.stop();
  await dir?.remove();
});

const HEADER = /^Resources\s+Non-Resource URLs\s+Resource Names\s+Verbs$/;
const row = (out: string, resource: string) => out.split("\n").find((l) => l.split(/\s{3,}/)[0] === resource);

describe("auth can-i --list", () => {
  it("lists alice's rules in team-a, and skiff prints exactly what kubectl prints", async () => {
    const mine = await ok(["auth", "can-i", "--list", "-n", "team-a"], alice.env);
    const k = await alice.kubectl.run(["auth", "can-i", "--list", "-n", "team-a"]);
    expect(k.code, k.stderr).toBe(0);
    expect(mine.split("\n")[0]).toMatch(HEADER);
    expect(row(mine, "deployments.apps")).toMatch(/\[\]\s+\[\]\s+\[.*create.*\]$/);
    expect(row(mine, "deployments.apps")).toMatch(/delete/);
    expect(mine).toMatch(/^deployments\.apps\s+\[\]\s+\[web\]\s+\[get patch\]$/m);
    expect(mine).toMatch(/^selfsubjectrulesreviews\.authorization\.k8s\.io\s+\[\]\s+\[\]\s+\[create\]$/m);
    expect(row(mine, "roles.rbac.authorization.k8s.io")).toBeUndefined(); // edit grants no roles
    expect(mine).toBe(k.stdout);
  });

  it("in another namespace alice has only what every signed-in user has; --as asks for her", async () => {
    const mine = await ok(["auth", "can-i", "--list", "-n", "team-b", "--as", "alice"]);
    const k = await alice.kubectl.run(["auth", "can-i", "--list", "-n", "team-b"]);
    expect(k.code, k.stderr).toBe(0);
    expect(row(mine, "deployments.apps")).toBeUndefined();
    expect(row(mine, "pods")).toBeUndefined();
    expect(mine).toMatch(/^selfsubjectaccessreviews\.authorization\.k8s\.io\s+\[\]\s+\[\]\s+\[create\]$/m);
    expect(mine).toBe(k.stdout);
  });

  it("an admin has everything (once per binding that grants it, as kubectl repeats verbs)", async () => {
    const mine = await ok(["auth", "can-i", "--list"]);
    expect(mine.split("\n")[1]).toMatch(/^\*\.\*\s+\[\]\s+\[\]\s+\[\*( \*)*\]$/);
  });
});
