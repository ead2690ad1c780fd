// DaemonSets on real agents and real Docker (issue 12's "must hold"): a DaemonSet reaches every
// Ready node, and a node that joins later gets its pod within 10 s; a node labelled out of the
// nodeSelector loses its pod; a rolling update with maxSurge 1 / maxUnavailable 0 never leaves a
// node without a ready daemon pod (the pods are watched the whole time); kubectl prints the
// Table a Kubernetes cluster prints for `get ds`.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DaemonSet, Node, Pod } from "@skiff/api";
import { TEST_IMAGE, TestCluster, eventually } from "./support/cluster.js";
import { Kubectl, kubectlClientVersion } from "./support/kubectl.js";
import { tempDir } from "./support/skiff.js";

let cluster: TestCluster;
let kubectl: Kubectl;
let dir: { path: string; remove(): Promise<void> };

beforeAll(async () => {
  console.log(`kubectl under test: ${await kubectlClientVersion()}`);
  dir = await tempDir("daemonsets");
  cluster = await TestCluster.start({ agents: 2 });
  kubectl = new Kubectl(cluster.server.kubeconfigPath, join(dir.path, "home"));
}, 120_000);

afterAll(async () => {
  await cluster?.dispose();
  await dir?.remove();
});

const daemonSet = (name: string, spec: Record<string, unknown> = {}, podSpec: Record<string, unknown> = {}) => ({
  apiVersion: "apps/v1",
  kind: "DaemonSet",
  metadata: { name },
  spec: {
    selector: { matchLabels: { app: name } },
    ...spec,
    template: {
      metadata: { labels: { app: name } },
      spec: { terminationGracePeriodSeconds: 1, containers: [{ name: "tail", image: TEST_IMAGE, command: ["sh", "-c", "sleep 3600"] }], ...podSpec },
    },
  },
});

async function apply(obj: unknown): Promise<void> {
  const r = await cluster.skiff(["apply", "-f", "-"], JSON.stringify(obj));
  expect(r.code, r.stderr).toBe(0);
}

const isReady = (p: Pod) =>
  !p.metadata.deletionTimestamp && p.status?.phase === "Running" && (p.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");

async function podsOf(app: string): Promise<Pod[]> {
  return (await cluster.client.pods.list({ labelSelector: `app=${app}` })).items as Pod[];
}

/** Until every node in `nodes` (and no other) runs exactly one ready pod of `app`. */
async function untilOnePerNode(app: string, nodes: string[], timeoutMs = 30_000): Promise<Pod[]> {
  return eventually(async () => {
    const pods = (await podsOf(app)).filter((p) => !p.metadata.deletionTimestamp);
    const placed = pods.map((p) => p.spec.nodeName ?? "").sort();
    if (JSON.stringify(placed) !== JSON.stringify([...nodes].sort())) throw new Error(`${app} pods on [${placed}], want [${[...nodes].sort()}]`);
    if (!pods.every(isReady)) throw new Error(`${app}: not all ready: ${JSON.stringify(pods.map((p) => [p.metadata.name, p.status?.phase]))}`);
    return pods;
  }, timeoutMs);
}

const nodeNames = () => cluster.agents.map((a) => a.name);

async function setNodeLabel(name: string, key: string, value: string | undefined): Promise<void> {
  await eventually(async () => {
    const node = (await cluster.client.nodes.get(name)) as Node;
    const labels = { ...node.metadata.labels };
    if (value === undefined) delete labels[key];
    else labels[key] = value;
    // A Conflict (the node changed since the read) throws: eventually reads it again.
    await cluster.client.nodes.update({ ...node, metadata: { ...node.metadata, labels } });
  }, 10_000);
}

describe("DaemonSet on real agents", () => {
  it("reaches every Ready node, and a node that joins later gets its pod within 10 s", async () => {
    await apply(daemonSet("tailer"));
    await untilOnePerNode("tailer", nodeNames());
    const ds = (await cluster.client.daemonSets.get("tailer")) as DaemonSet;
    await eventually(async () => {
      const s = ((await cluster.client.daemonSets.get("tailer")) as DaemonSet).status;
      expect(s).toMatchObject({ desiredNumberScheduled: 2, currentNumberScheduled: 2, numberReady: 2, updatedNumberScheduled: 2, numberAvailable: 2, numberMisscheduled: 0 });
    });
    expect(ds.metadata.name).toBe("tailer");

    const agent = cluster.addAgent();
    // From the moment the node is seen Ready, its daemon pod must be running within 10 s.
    await cluster.waitForNodes(3);
    const joined = Date.now();
    await eventually(async () => {
      const onNew = (await podsOf("tailer")).filter((p) => p.spec.nodeName === agent.name);
      if (!onNew.some(isReady)) throw new Error(`no ready tailer pod on ${agent.name} yet`);
    }, 10_000);
    expect(Date.now() - joined).toBeLessThanOrEqual(10_000);
    await untilOnePerNode("tailer", nodeNames());

    const get = await cluster.skiff(["get", "ds"]);
    expect(get.code, get.stderr).toBe(0);
    expect(get.stdout).toMatch(/^NAME\s+DESIRED\s+CURRENT\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+NODE SELECTOR\s+AGE\n/);
    await eventually(async () => {
      const again = await cluster.skiff(["get", "ds", "tailer"]);
      expect(again.stdout).toMatch(/\ntailer\s+3\s+3\s+3\s+3\s+3\s+<none>\s+\S+/);
    });
  }, 120_000);

  it("a node labelled out of the nodeSelector loses its pod; labelled back in, gets one again", async () => {
    const [a, b] = nodeNames();
    for (const n of [a!, b!]) await setNodeLabel(n, "skiff-test/logs", "yes");
    await apply(daemonSet("picky", {}, { nodeSelector: { "skiff-test/logs": "yes" } }));
    await untilOnePerNode("picky", [a!, b!]);

    await setNodeLabel(b!, "skiff-test/logs", undefined);
    await untilOnePerNode("picky", [a!], 15_000);
    await eventually(async () => {
      const s = ((await cluster.client.daemonSets.get("picky")) as DaemonSet).status;
      expect(s).toMatchObject({ desiredNumberScheduled: 1, currentNumberScheduled: 1, numberMisscheduled: 0 });
    });

    await setNodeLabel(b!, "skiff-test/logs", "yes");
    await untilOnePerNode("picky", [a!, b!], 15_000);
  }, 90_000);

  it("a rolling update with maxSurge 1 / maxUnavailable 0 never leaves a node without a ready daemon pod", async () => {
    const rolling = (image: string) =>
      daemonSet("surge", { minReadySeconds: 2, updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } } }, {
        containers: [{ name: "tail", image, command: ["sh", "-c", `echo ${image}; sleep 3600`] }],
      });
    await apply(rolling(TEST_IMAGE));
    const nodes = nodeNames();
    const before = await untilOnePerNode("surge", nodes);

    // Watch the pods the whole time, from the revision of a list taken after the first rollout.
    const listed = await cluster.client.pods.list({ labelSelector: "app=surge" });
    const pods = new Map<string, Pod>(listed.items.map((p) => [p.metadata.name, p as Pod]));
    const gaps: string[] = [];
    const ac = new AbortController();
    const watching = (async () => {
      for await (const ev of cluster.client.watch("Pod", { labelSelector: "app=surge", resourceVersion: listed.resourceVersion, signal: ac.signal })) {
        const pod = ev.object as Pod | undefined;
        if (!pod) continue;
        if (ev.type === "DELETED") pods.delete(pod.metadata.name);
        else pods.set(pod.metadata.name, pod);
        for (const n of nodes) {
          if (![...pods.values()].some((p) => p.spec.nodeName === n && isReady(p))) gaps.push(`${n} without a ready pod after ${ev.type} ${pod.metadata.name}`);
        }
        const perNode = nodes.map((n) => [...pods.values()].filter((p) => p.spec.nodeName === n && !p.metadata.deletionTimestamp).length);
        if (perNode.some((c) => c > 2)) gaps.push(`more than two pods on a node: ${perNode}`);
      }
    })().catch(() => undefined);

    // A template change (the command) is a new revision.
    const next = rolling(TEST_IMAGE);
    next.spec.template.spec.containers[0]!.command = ["sh", "-c", "echo v2; sleep 3600"];
    await apply(next);
    const after = await eventually(async () => {
      const current = await untilOnePerNode("surge", nodes, 5_000);
      if (current.some((p) => before.some((b) => b.metadata.name === p.metadata.name))) throw new Error("old pods left");
      return current;
    }, 90_000);
    const status = await cluster.skiff(["rollout", "status", "daemonset/surge", "--timeout", "30s"]);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain('daemon set "surge" successfully rolled out');
    ac.abort();
    await watching;
    expect(gaps).toEqual([]);
    expect(new Set(after.map((p) => p.metadata.labels?.["controller-revision-hash"])).size).toBe(1);
    expect(after[0]!.metadata.labels?.["controller-revision-hash"]).not.toBe(before[0]!.metadata.labels?.["controller-revision-hash"]);

    // Two templates, two ControllerRevisions; undo goes back to the first one's pods.
    const history = await cluster.skiff(["rollout", "history", "daemonset/surge"]);
    expect(history.code, history.stderr).toBe(0);
    expect(history.stdout).toMatch(/^daemonset\.apps\/surge\nREVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>\n$/);
    const undo = await cluster.skiff(["rollout", "undo", "daemonset/surge"]);
    expect(undo.code, undo.stderr).toBe(0);
    expect(undo.stdout).toBe("daemonset.apps/surge rolled back\n");
    const firstHash = before[0]!.metadata.labels?.["controller-revision-hash"];
    await eventually(async () => {
      const pods = await untilOnePerNode("surge", nodes, 5_000);
      if (!pods.every((p) => p.metadata.labels?.["controller-revision-hash"] === firstHash)) throw new Error("not back at the first template yet");
    }, 90_000);
  }, 240_000);

  it("kubectl sees apps/v1 daemonsets: api-resources, and the Table of get ds", async () => {
    const resources = await kubectl.run(["api-resources", "--api-group=apps"]);
    expect(resources.code, resources.stderr).toBe(0);
    expect(resources.stdout).toMatch(/\ndaemonsets\s+ds\s+apps\/v1\s+true\s+DaemonSet/);
    const get = await kubectl.run(["get", "ds"]);
    expect(get.code, get.stderr).toBe(0);
    expect(get.stdout).toMatch(/^NAME\s+DESIRED\s+CURRENT\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+NODE SELECTOR\s+AGE\n/);
    expect(get.stdout).toMatch(/\npicky\s+2\s+2\s+2\s+2\s+2\s+skiff-test\/logs=yes\s+\S+/);
    const wide = await kubectl.run(["get", "ds", "tailer", "-o", "wide"]);
    expect(wide.stdout).toMatch(/^NAME\s+DESIRED\s+CURRENT\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+NODE SELECTOR\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR\n/);
    expect(wide.stdout).toMatch(/\ntailer\s+3\s+3\s+3\s+3\s+3\s+<none>\s+\S+\s+tail\s+skiff-test\/busybox:1\s+app=tailer\n/);
  }, 60_000);
});
