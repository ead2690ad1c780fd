// cordon, uncordon, drain and `get nodes` against a real server, with Node and Pod objects created
// directly (no agent behind them).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Node, Pod } from "@skiff/api";
import { startServer, type TestServer } from "../test-cli.js";

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s?.close());

/** A node as its agent would have registered it (the API itself ignores status). */
async function createNode(name: string): Promise<void> {
  await s.client.nodes.create({ metadata: { name }, spec: {} } as Node);
  await s.reportStatus(name, {
    capacity: { cpu: "2", memory: "4Gi", pods: "110" },
    allocatable: { cpu: "2", memory: "4Gi", pods: "110" },
    conditions: [{ type: "Ready", status: "True" }],
    nodeInfo: { kubeletVersion: "skiff-agent/0.1.0" },
  });
}

function pod(name: string, nodeName: string, extra: { owned?: boolean; namespace?: string; cpu?: string } = {}): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: extra.namespace ?? "default",
      ...(extra.owned ? { ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "web-rs", uid: "rs-uid", controller: true }] } : {}),
    },
    spec: { nodeName, containers: [{ name: "app", image: "nginx", resources: { requests: { cpu: extra.cpu ?? "100m", memory: "64Mi" } } }] },
  };
}

describe("cordon and uncordon", () => {
  it("round-trips spec.unschedulable, in kubectl's words", async () => {
    await createNode("c1");
    expect(await s.at("cordon", "c1")).toEqual({ code: 0, stdout: "node/c1 cordoned\n", stderr: "" });
    expect((await s.client.nodes.get("c1")).spec?.unschedulable).toBe(true);
    expect((await s.at("get", "nodes", "c1")).stdout).toMatch(/^c1 +Ready,SchedulingDisabled /m);
    expect((await s.at("cordon", "c1")).stdout).toBe("node/c1 already cordoned\n");
    expect(await s.at("uncordon", "c1")).toEqual({ code: 0, stdout: "node/c1 uncordoned\n", stderr: "" });
    expect((await s.client.nodes.get("c1")).spec?.unschedulable).toBeUndefined();
    expect((await s.at("uncordon", "c1")).stdout).toBe("node/c1 already uncordoned\n");
  });

  it("says when the node does not exist", async () => {
    expect(await s.at("cordon", "ghost")).toEqual({ code: 1, stdout: "", stderr: `Error from server (NotFound): nodes "ghost" not found\n` });
  });
});

describe("drain", () => {
  it("refuses pods no controller manages, without --force, and deletes nothing", async () => {
    await createNode("d1");
    await s.client.pods.create(pod("web", "d1"));
    await s.client.pods.create(pod("web-abc", "d1", { owned: true }));
    const r = await s.at("drain", "d1");
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("node/d1 cordoned\n");
    expect(r.stderr).toBe(`error: unable to drain node "d1": cannot delete Pods declare no controller (use --force to override): default/web\n`);
    expect((await s.client.pods.list({ namespace: "default" })).items.map((p) => p.metadata.name)).toEqual(["web", "web-abc"]);
    expect((await s.client.nodes.get("d1")).spec?.unschedulable).toBe(true);
  });

  it("with --force deletes every pod on the node, in every namespace, and only there", async () => {
    await s.client.namespaces.create({ metadata: { name: "data" } });
    await s.client.pods.create(pod("db-0", "d1", { owned: true, namespace: "data" }));
    await createNode("d2");
    await s.client.pods.create(pod("other", "d2"));
    // No agent runs these pods: --grace-period 0 removes them at once (else they stay Terminating).
    const r = await s.at("drain", "d1", "--force", "--grace-period", "0", "--timeout", "10s");
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("Warning: deleting Pods that declare no controller: default/web\n");
    expect(r.stdout).toBe(
      [
        "node/d1 already cordoned",
        "evicting pod data/db-0",
        "evicting pod default/web",
        "evicting pod default/web-abc",
        "pod/db-0 evicted",
        "pod/web evicted",
        "pod/web-abc evicted",
        "node/d1 drained",
        "",
      ].join("\n"),
    );
    expect((await s.client.pods.list()).items.map((p) => p.metadata.name)).toEqual(["other"]);
  });

  it("drains a node with no pods at once", async () => {
    await createNode("d3");
    expect(await s.at("drain", "d3")).toEqual({ code: 0, stdout: "node/d3 cordoned\nnode/d3 drained\n", stderr: "" });
  });

  it("evicts through the budget: refused while it allows no disruption, naming it when time runs out, and the pod stays", async () => {
    await createNode("e1");
    await s.client.pods.create({ ...pod("guarded-a", "e1", { owned: true }), metadata: { name: "guarded-a", namespace: "default", labels: { app: "guarded" }, ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "g-rs", uid: "g-uid", controller: true }] } });
    // Ready: a pod that is not does not count as healthy, and is evicted while the budget is met.
    await s.writeStatus("Pod", "guarded-a", { phase: "Running", conditions: [{ type: "Ready", status: "True" }] });
    await s.client.podDisruptionBudgets.create({ metadata: { name: "guarded-pdb", namespace: "default" }, spec: { minAvailable: 1, selector: { matchLabels: { app: "guarded" } } } });
    // What the disruption controller would count (no controllers run here): 1 healthy, 1 wanted.
    await s.writeStatus("PodDisruptionBudget", "guarded-pdb", { observedGeneration: 1, disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 1, expectedPods: 1 });
    const r = await s.at("drain", "e1", "--timeout", "1s");
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("node/e1 cordoned\nevicting pod default/guarded-a\nevicting pod default/guarded-a\n");
    expect(r.stderr).toBe(
      `error when evicting pods/"guarded-a" -n "default" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.\n` +
        `error: unable to drain node "e1": timed out after 1s: cannot evict pods/"guarded-a" -n "default": the PodDisruptionBudget "guarded-pdb" allows no disruption (The disruption budget guarded-pdb needs 1 healthy pods and has 1 currently)\n`,
    );
    expect((await s.client.pods.get("guarded-a")).metadata.name).toBe("guarded-a");
  });

  it("evicts once the budget allows it, spending the disruption", async () => {
    await s.writeStatus("PodDisruptionBudget", "guarded-pdb", { observedGeneration: 1, disruptionsAllowed: 1, currentHealthy: 2, desiredHealthy: 1, expectedPods: 2 });
    // No agent runs here to stop the pod: grace 0, carried by the eviction, removes it at once.
    const r = await s.at("drain", "e1", "--grace-period", "0", "--timeout", "10s");
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toBe("node/e1 already cordoned\nevicting pod default/guarded-a\npod/guarded-a evicted\nnode/e1 drained\n");
    expect((await s.client.podDisruptionBudgets.get("guarded-pdb")).status).toMatchObject({ disruptionsAllowed: 0, disruptedPods: { "guarded-a": expect.any(String) } });
  });

  it("with --disable-eviction deletes whatever the budget says, as kubectl", async () => {
    await s.client.pods.create({ ...pod("guarded-b", "e1"), metadata: { name: "guarded-b", namespace: "default", labels: { app: "guarded" }, ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "g-rs", uid: "g-uid", controller: true }] } });
    const r = await s.at("drain", "e1", "--disable-eviction", "--grace-period", "0", "--timeout", "10s");
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toBe("node/e1 already cordoned\ndeleting pod default/guarded-b\npod/guarded-b deleted\nnode/e1 drained\n");
  });

  it("rejects a bad --timeout before touching anything", async () => {
    const r = await s.at("drain", "d3", "--timeout", "soon");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--timeout: "soon" is not a duration/);
  });
});

describe("get nodes", () => {
  it("shows what the node's pods request, with one more List", async () => {
    await createNode("g1");
    await s.client.pods.create(pod("g-a", "g1", { cpu: "250m" }));
    await s.client.pods.create(pod("g-b", "g1", { cpu: "250m" }));
    const r = await s.at("get", "nodes", "g1", "-o", "wide");
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[0]).toMatch(/^NAME +STATUS +ROLES +AGE +VERSION +CPU +MEMORY +PODS +INTERNAL-IP +CONTAINER-RUNTIME$/);
    expect(r.stdout.split("\n")[1]).toMatch(/^g1 +Ready +<none> +\S+ +skiff-agent\/0\.1\.0 +500m\/2 +128Mi\/4Gi +2\/110 +<none> +<none>$/);
  });
});
