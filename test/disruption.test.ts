// PodDisruptionBudgets and evictions on real agents and real Docker (issue 12's "must hold"):
// draining a node whose pods a budget with minAvailable equal to the replicas protects is
// refused, naming the budget, and succeeds once the Deployment is scaled up, through `skiff
// drain` and through the real `kubectl drain` (which finds pods/eviction in discovery and posts
// policy/v1 Evictions). Both Deployments start on one node (the other cordoned meanwhile), so
// that draining that node needs every pod to move.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import type { Pod, PodDisruptionBudget } from "@skiff/api";
import { TEST_IMAGE, TestCluster, eventually } from "./support/cluster.js";
import { Kubectl, kubectlClientVersion } from "./support/kubectl.js";
import { tempDir } from "./support/skiff.js";

let cluster: TestCluster;
let kubectl: Kubectl;
let dir: { path: string; remove(): Promise<void> };

beforeAll(async () => {
  console.log(`kubectl under test: ${await kubectlClientVersion()}`);
  dir = await tempDir("disruption");
  cluster = await TestCluster.start({ agents: 2 });
  kubectl = new Kubectl(cluster.server.kubeconfigPath, join(dir.path, "home"));
}, 120_000);

afterAll(async () => {
  await cluster?.dispose();
  await dir?.remove();
});

const deployment = (name: string, replicas: number) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { terminationGracePeriodSeconds: 1, containers: [{ name: "main", image: TEST_IMAGE, command: ["sh", "-c", "sleep 3600"] }] },
    },
  },
});

const budget = (name: string, minAvailable: number) => ({
  apiVersion: "policy/v1",
  kind: "PodDisruptionBudget",
  metadata: { name: `${name}-pdb` },
  spec: { minAvailable, selector: { matchLabels: { app: name } } },
});

// YAML documents: kubectl reads a stream that starts with "{" as one JSON object.
const manifest = (...objects: unknown[]) => objects.map((o) => stringify(o)).join("---\n");

const isReady = (p: Pod) =>
  !p.metadata.deletionTimestamp && p.status?.phase === "Running" && (p.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");

async function readyPods(app: string): Promise<Pod[]> {
  return ((await cluster.client.pods.list({ namespace: "default", labelSelector: `app=${app}` })).items as Pod[]).filter(isReady);
}

/** Until `count` pods of `app` are Ready, all on `node` when it is given. */
async function untilReady(app: string, count: number, node?: string, timeoutMs = 60_000): Promise<Pod[]> {
  return eventually(async () => {
    const pods = await readyPods(app);
    const where = pods.map((p) => p.spec.nodeName);
    if (pods.length !== count || (node && where.some((n) => n !== node))) throw new Error(`${app}: ${pods.length} ready on [${where}], want ${count}${node ? ` on ${node}` : ""}`);
    return pods;
  }, timeoutMs);
}

/** Until the budget's controller says `allowed` disruptions. */
async function untilAllowed(pdb: string, allowed: number, timeoutMs = 30_000): Promise<PodDisruptionBudget> {
  return eventually(async () => {
    const b = await cluster.client.podDisruptionBudgets.get(pdb);
    if (b.status?.disruptionsAllowed !== allowed) throw new Error(`${pdb}: ${JSON.stringify(b.status)}, want ${allowed} allowed`);
    return b;
  }, timeoutMs);
}

async function ok(args: string[], input?: string): Promise<string> {
  const r = await cluster.skiff(args, input);
  expect(r.code, `skiff ${args.join(" ")}: ${r.stderr}`).toBe(0);
  return r.stdout;
}

const nodes = () => cluster.agents.map((a) => a.name) as [string, string];

describe("PodDisruptionBudget and skiff drain", () => {
  it("refuses to drain while minAvailable equals the replicas, naming the budget, and drains once the Deployment is scaled up", async () => {
    const [target, other] = nodes();
    const app = `pdb-skiff-${cluster.run}`;
    await ok(["cordon", other]);
    await ok(["apply", "-f", "-"], manifest(deployment(app, 2), budget(app, 2)));
    const before = await untilReady(app, 2, target);
    await ok(["uncordon", other]);
    const counted = await untilAllowed(`${app}-pdb`, 0);
    expect(counted.status).toMatchObject({ currentHealthy: 2, desiredHealthy: 2, expectedPods: 2 });
    expect(await ok(["get", "pdb", `${app}-pdb`])).toMatch(new RegExp(`^NAME +MIN AVAILABLE +MAX UNAVAILABLE +ALLOWED DISRUPTIONS +AGE\\n${app}-pdb +2 +N/A +0 +`));

    // 6 s: the first refusal, and one retry 5 s later, before giving up.
    const refused = await cluster.skiff(["drain", target, "--timeout", "6s"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`(will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.`);
    expect(refused.stderr).toContain(`the PodDisruptionBudget "${app}-pdb" allows no disruption`);
    // Nothing was evicted: the same two pods still run.
    expect((await readyPods(app)).map((p) => p.metadata.uid).sort()).toEqual(before.map((p) => p.metadata.uid).sort());

    await ok(["scale", `deployment/${app}`, "--replicas", "3"]);
    await untilReady(app, 3);
    await untilAllowed(`${app}-pdb`, 1);
    const drained = await cluster.skiff(["drain", target, "--timeout", "180s"]);
    expect(drained.code, drained.stderr).toBe(0);
    expect(drained.stdout).toContain(`node/${target} drained`);
    const after = await untilReady(app, 3, other);
    expect(after.every((p) => p.spec.nodeName === other)).toBe(true);
    expect(await cluster.client.pods.list({ namespace: "default", labelSelector: `app=${app}` }).then((l) => l.items.some((p) => p.spec.nodeName === target))).toBe(false);

    await ok(["uncordon", target]);
    await ok(["delete", "deployment", app]);
    await ok(["delete", "pdb", `${app}-pdb`]);
  }, 360_000);
});

describe("PodDisruptionBudget and kubectl drain", () => {
  it("kubectl drain waits on the budget with kubectl's words, and drains once the Deployment is scaled up", async () => {
    const [other, target] = nodes();
    const app = `pdb-kubectl-${cluster.run}`;
    expect((await kubectl.run(["cordon", other])).code).toBe(0);
    const applied = await kubectl.run(["apply", "-f", "-"], { input: manifest(deployment(app, 2), budget(app, 2)) });
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain(`poddisruptionbudget.policy/${app}-pdb created`);
    await untilReady(app, 2, target);
    expect((await kubectl.run(["uncordon", other])).code).toBe(0);
    await untilAllowed(`${app}-pdb`, 0);
    const got = await kubectl.run(["get", "pdb", `${app}-pdb`]);
    expect(got.stdout).toMatch(new RegExp(`^NAME +MIN AVAILABLE +MAX UNAVAILABLE +ALLOWED DISRUPTIONS +AGE\\n${app}-pdb +2 +N/A +0 +`));

    const refused = await kubectl.run(["drain", target, "--ignore-daemonsets", "--timeout=6s"], { timeoutMs: 60_000 });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(new RegExp(`error when evicting pods/"${app}-[a-z0-9-]+" -n "default" \\(will retry after 5s\\): Cannot evict pod as it would violate the pod's disruption budget\\.`));
    expect(await readyPods(app)).toHaveLength(2);

    expect((await kubectl.run(["scale", `deploy/${app}`, "--replicas=3"])).code).toBe(0);
    await untilReady(app, 3);
    await untilAllowed(`${app}-pdb`, 1);
    const drained = await kubectl.run(["drain", target, "--ignore-daemonsets", "--timeout=180s"], { timeoutMs: 240_000 });
    expect(drained.code, drained.stderr).toBe(0);
    expect(drained.stdout).toContain(`node/${target} drained`);
    expect(drained.stdout).toMatch(new RegExp(`pod/${app}-[a-z0-9-]+ evicted`));
    expect((await untilReady(app, 3, other)).every((p) => p.spec.nodeName === other)).toBe(true);

    expect((await kubectl.run(["uncordon", target])).code).toBe(0);
    expect((await kubectl.run(["delete", "deployment", app])).code).toBe(0);
    expect((await kubectl.run(["delete", "pdb", `${app}-pdb`])).code).toBe(0);
  }, 420_000);

  it("the Eviction API answers 429 with the budget in its cause, as kubectl reads it", async () => {
    const app = `pdb-evict-${cluster.run}`;
    await ok(["apply", "-f", "-"], manifest(deployment(app, 1), budget(app, 1)));
    const [victim] = await untilReady(app, 1);
    await untilAllowed(`${app}-pdb`, 0);
    const body = JSON.stringify({ apiVersion: "policy/v1", kind: "Eviction", metadata: { name: victim!.metadata.name, namespace: "default" } });
    const r = await kubectl.run(["create", "--raw", `/api/v1/namespaces/default/pods/${victim!.metadata.name}/eviction`, "-f", "-"], { input: body });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("Cannot evict pod as it would violate the pod's disruption budget.");
    await ok(["delete", "deployment", app]);
    await ok(["delete", "pdb", `${app}-pdb`]);
  }, 120_000);
});
