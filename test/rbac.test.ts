// RBAC against a real `skiff server` process (no agents, no Docker): a token for alice bound to
// `edit` in team-a, and one for bob in the group `auditors`, bound to `view` in team-b. What they
// may do through the CLI and kubectl, what `auth can-i` says, and the audit log of a scripted run.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PermissionDeniedError, type ApiObject } from "@skiff/api";
import { loadConfig, SkiffClient } from "@skiff/client";
import { Kubectl, kubectlClientVersion } from "./support/kubectl.js";
import { freePort, ServerProcess, skiff, tempDir } from "./support/skiff.js";

let dir: { path: string; remove(): Promise<void> };
let server: ServerProcess;
const auditPath = () => join(dir.path, "audit.log");
const SECRET_VALUE = "rbac-test-secret-value-never-in-the-audit-log";

interface Person {
  name: string;
  /** Env for the skiff CLI: a client config with the person's token. */
  env: Record<string, string>;
  kubectl: Kubectl;
  client: SkiffClient;
}
const people: Record<string, Person> = {};

const admin = () => server.env;
const run = async (args: string[], env: Record<string, string>) => {
  const r = await skiff(args, { env });
  return r;
};
const ok = async (args: string[], env: Record<string, string> = admin()) => {
  const r = await run(args, env);
  if (r.code !== 0) throw new Error(`skiff ${args.join(" ")} failed: ${r.stderr}`);
  return r.stdout;
};

async function person(name: string, groups: string[]): Promise<Person> {
  const token = (await ok(["token", "create", "--user", name, ...groups.flatMap((g) => ["--group", g]), "-q"])).trim();
  const configPath = join(dir.path, `${name}.config`);
  const adminConfig = await readFile(server.configPath, "utf8");
  await writeFile(configPath, adminConfig.replace(/^token: .*$/m, `token: ${token}`), { mode: 0o600 });
  const kubeconfig = join(dir.path, `${name}.kubeconfig`);
  await writeFile(kubeconfig, await ok(["kubeconfig", "--user", name, ...groups.flatMap((g) => ["--group", g])]), { mode: 0o600 });
  const { ca } = loadConfig(configPath);
  return {
    name,
    env: { SKIFF_SERVER: server.address, SKIFF_CONFIG: configPath },
    kubectl: new Kubectl(kubeconfig, join(dir.path, `home-${name}`)),
    client: new SkiffClient({ server: server.address, ca, token }),
  };
}

const deployment = (name: string, namespace: string) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name, namespace },
  spec: { replicas: 1, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "c", image: "busybox" }] } } },
});
const binding = (name: string, namespace: string, role: string, subject: { kind: string; name: string }) => ({
  apiVersion: "rbac.authorization.k8s.io/v1",
  kind: "RoleBinding",
  metadata: { name, namespace },
  roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role },
  subjects: [{ apiGroup: "rbac.authorization.k8s.io", ...subject }],
});

beforeAll(async () => {
  console.log(`kubectl under test: ${await kubectlClientVersion()}`);
  dir = await tempDir("rbac");
  server = new ServerProcess(join(dir.path, "data"), await freePort(), ["--audit-log", join(dir.path, "audit.log")]);
  await server.start();
  const root = new SkiffClient(server.clientOptions());
  try {
    for (const ns of ["team-a", "team-b"]) await root.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: ns } } as ApiObject);
    await root.create(binding("alice-edit", "team-a", "edit", { kind: "User", name: "alice" }) as unknown as ApiObject);
    await root.create(binding("auditors-view", "team-b", "view", { kind: "Group", name: "auditors" }) as unknown as ApiObject);
    await root.create(deployment("keep", "team-b") as unknown as ApiObject);
  } finally {
    root.close();
  }
  people.alice = await person("alice", []);
  people.bob = await person("bob", ["auditors"]);
}, 60_000);

afterAll(async () => {
  for (const p of Object.values(people)) p.client.close();
  await server?.stop("SIGKILL");
  await dir?.remove();
});

describe("alice, bound to edit in team-a", () => {
  it("creates, scales and deletes a Deployment there with the CLI", async () => {
    const env = people.alice!.env;
    await writeFile(join(dir.path, "web.json"), JSON.stringify(deployment("web", "team-a")));
    expect(await ok(["apply", "-f", join(dir.path, "web.json")], env)).toMatch(/deployment.apps\/web created/);
    expect(await ok(["scale", "deployment", "web", "--replicas", "3", "-n", "team-a"], env)).toMatch(/scaled/);
    expect(await ok(["get", "deployment", "web", "-n", "team-a", "-o", "json"], env)).toMatch(/"replicas": 3/);
    expect(await ok(["delete", "deployment", "web", "-n", "team-a"], env)).toMatch(/deleted/);
  });

  it("is refused in team-b, on Nodes and on Roles, in Kubernetes' words, and nothing changes", async () => {
    const env = people.alice!.env;
    const refused = async (args: string[], message: string) => {
      const r = await run(args, env);
      expect(r.code).toBe(1);
      expect(r.stderr.trim()).toBe(`Error from server (Forbidden): ${message}`);
    };
    await refused(["delete", "deployment", "keep", "-n", "team-b"], 'deployments.apps "keep" is forbidden: User "alice" cannot delete resource "deployments" in API group "apps" in the namespace "team-b"');
    await refused(["scale", "deployment", "keep", "--replicas", "5", "-n", "team-b"], 'deployments.apps "keep" is forbidden: User "alice" cannot get resource "deployments" in API group "apps" in the namespace "team-b"');
    await refused(["get", "nodes"], 'nodes is forbidden: User "alice" cannot list resource "nodes" in API group "" at the cluster scope');
    await refused(["get", "roles", "-n", "team-a"], 'roles.rbac.authorization.k8s.io is forbidden: User "alice" cannot list resource "roles" in API group "rbac.authorization.k8s.io" in the namespace "team-a"');
    const kept = JSON.parse(await ok(["get", "deployment", "keep", "-n", "team-b", "-o", "json"])) as { spec: { replicas: number } };
    expect(kept.spec.replicas).toBe(1);
  });

  it("is refused through kubectl with a 403 too, and the object stays", async () => {
    const k = people.alice!.kubectl;
    const r = await k.run(["delete", "deployment", "keep", "-n", "team-b"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Error from server (Forbidden): deployments.apps "keep" is forbidden: User "alice" cannot delete resource "deployments" in API group "apps" in the namespace "team-b"');
    const made = await k.run(["create", "deployment", "kweb", "--image=busybox", "-n", "team-a"]);
    expect(made.stderr).toBe("");
    expect((await k.run(["scale", "deployment", "kweb", "--replicas=2", "-n", "team-a"])).code).toBe(0);
    expect((await k.run(["delete", "deployment", "kweb", "-n", "team-a"])).code).toBe(0);
    expect(await ok(["get", "deployment", "keep", "-n", "team-b"])).toMatch(/keep/);
  });

  it("may not impersonate; the admin may", async () => {
    const r = await run(["get", "pods", "-n", "team-a", "--as", "bob"], people.alice!.env);
    expect(r.stderr).toContain('users "bob" is forbidden: User "alice" cannot impersonate resource "users" in API group "" at the cluster scope');
    expect((await ok(["auth", "can-i", "list", "deployments", "-n", "team-a", "--as", "alice"])).trim()).toBe("yes");
    expect((await run(["auth", "can-i", "list", "deployments", "-n", "team-b", "--as", "alice"], admin())).stdout.trim()).toBe("no");
  });
});

// 15 questions for each of two users: 30 combinations of user, verb, resource and namespace.
const QUESTIONS: { verb: string; resource: string; ns?: string; act: (ns: string) => string[] }[] = [
  ...["team-a", "team-b"].flatMap((ns) => [
    { verb: "list", resource: "pods", ns, act: (n: string) => ["get", "pods", "-n", n] },
    { verb: "list", resource: "secrets", ns, act: (n: string) => ["get", "secrets", "-n", n] },
    { verb: "create", resource: "deployments", ns, act: (n: string) => ["create", "deployment", "probe", "--image=busybox", "-n", n, "--dry-run=server"] },
    { verb: "delete", resource: "deployments", ns, act: (n: string) => ["delete", "deployment", "absent", "-n", n, "--dry-run=server"] },
    { verb: "create", resource: "configmaps", ns, act: (n: string) => ["create", "configmap", "probe", "--from-literal=a=b", "-n", n, "--dry-run=server"] },
    { verb: "list", resource: "roles", ns, act: (n: string) => ["get", "roles", "-n", n] },
  ]),
  { verb: "create", resource: "rolebindings", ns: "team-a", act: (n) => ["create", "rolebinding", "probe", "--clusterrole=view", "--user=x", "-n", n, "--dry-run=server"] },
  { verb: "list", resource: "nodes", act: () => ["get", "nodes"] },
  { verb: "delete", resource: "nodes", act: () => ["delete", "node", "absent", "--dry-run=server"] },
];

describe("auth can-i says what the API then does", () => {
  it("for 30 combinations, through skiff and kubectl alike", async () => {
    const rows: string[] = [];
    for (const who of ["alice", "bob"]) {
      const p = people[who]!;
      for (const q of QUESTIONS) {
        const ns = q.ns ?? "team-a";
        const [skiffSays, kubectlSays, acted] = await Promise.all([
          run(["auth", "can-i", q.verb, q.resource, "-n", ns], p.env),
          p.kubectl.run(["auth", "can-i", q.verb, q.resource, "-n", ns]),
          p.kubectl.run(q.act(ns)),
        ]);
        // kubectl words it "Error from server (Forbidden): ..." or, for create deployment, "error: failed to create ...: ... is forbidden: ...".
        const allowed = !/is forbidden: User/.test(acted.stderr);
        rows.push(`${who} ${q.verb} ${q.resource} ${q.ns ?? "(cluster)"}: skiff=${skiffSays.stdout.trim()} kubectl=${kubectlSays.stdout.trim()} api=${allowed ? "allowed" : "forbidden"}`);
        expect(skiffSays.stdout.trim(), rows.at(-1)).toBe(allowed ? "yes" : "no");
        expect(skiffSays.code).toBe(allowed ? 0 : 1);
        expect(kubectlSays.stdout.trim(), rows.at(-1)).toBe(allowed ? "yes" : "no");
      }
    }
    console.log(rows.join("\n"));
    expect(rows).toHaveLength(30);
    // The roles' meaning, spot-checked: edit reads Secrets, view does not; neither touches RBAC or Nodes.
    expect(rows).toContain("alice list secrets team-a: skiff=yes kubectl=yes api=allowed");
    expect(rows).toContain("bob list secrets team-b: skiff=no kubectl=no api=forbidden");
    expect(rows).toContain("bob list pods team-b: skiff=yes kubectl=yes api=allowed");
    expect(rows).toContain("alice create rolebindings team-a: skiff=no kubectl=no api=forbidden");
    expect(rows).toContain("alice list nodes (cluster): skiff=no kubectl=no api=forbidden");
  }, 400_000);
});

describe("the audit log", () => {
  it("has one line per mutation of a scripted run of 50 operations, with the right users, and no Secret value", async () => {
    const before = (await readFile(auditPath(), "utf8")).split("\n").filter(Boolean).length;
    const root = new SkiffClient(server.clientOptions());
    const alice = people.alice!.client;
    const bob = people.bob!.client;
    const expected: { user: string; verb: string; code: number }[] = [];
    const mutate = async (user: string, client: SkiffClient, verb: string, fn: () => Promise<unknown>) => {
      const err = await fn().then(() => undefined, (e: unknown) => e);
      expected.push({ user, verb, code: err instanceof PermissionDeniedError ? 403 : err ? -1 : verb === "create" ? 201 : 200 });
    };
    const read = (client: SkiffClient) => client.list("pods", { namespace: "team-a" }).catch(() => undefined);
    let ops = 0;
    const secret = (name: string) => ({ apiVersion: "v1", kind: "Secret", metadata: { name, namespace: "team-a" }, stringData: { password: SECRET_VALUE } }) as unknown as ApiObject;
    const cm = (name: string, ns = "team-a") => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: ns }, data: { k: "v" } }) as unknown as ApiObject;
    for (let i = 0; i < 5; i++) {
      // 10 operations a round: 7 mutations (2 of them refused), 3 reads.
      await mutate("skiff:admin", root, "create", () => root.create(secret(`s${i}`)));
      await mutate("alice", alice, "create", () => alice.create(cm(`cm${i}`)));
      await mutate("alice", alice, "update", async () => alice.update({ ...(await alice.get("ConfigMap", `cm${i}`, "team-a")), data: { k: "w" } } as ApiObject));
      await mutate("alice", alice, "create", () => alice.create(secret(`as${i}`)));
      await mutate("bob", bob, "create", () => bob.create(cm(`b${i}`, "team-b")));
      await mutate("alice", alice, "delete", () => alice.delete("ConfigMap", `cm${i}`, { namespace: "team-a" }));
      await mutate("alice", alice, "delete", () => alice.delete("Deployment", "keep", { namespace: "team-b" }));
      await read(alice);
      await read(bob);
      await read(root);
      ops += 10;
    }
    root.close();
    expect(ops).toBe(50);
    expect(expected.every((e) => e.code !== -1)).toBe(true);
    const text = await readFile(auditPath(), "utf8");
    const lines = text.split("\n").filter(Boolean).slice(before).map((l) => JSON.parse(l) as { user: { username: string }; verb: string; responseStatus: { code: number } });
    // The update's own get is a read: not logged at level write.
    expect(lines.map((l) => ({ user: l.user.username, verb: l.verb, code: l.responseStatus.code }))).toEqual(expected);
    expect(expected.filter((e) => e.code === 403)).toHaveLength(10);
    expect(text).not.toContain(SECRET_VALUE);
    expect(text).not.toContain(Buffer.from(SECRET_VALUE).toString("base64"));
  }, 60_000);
});
