// Graceful pod termination and a StatefulSet's at-most-one promise, on the real Docker engine
// (issue 12's two must-hold lines):
//   - deleting a pod whose process ignores SIGTERM takes its grace period, then it is killed;
//     `skiff get` and kubectl show it Terminating meanwhile; a StatefulSet pod deleted this way is
//     made again only once the old one's containers are gone;
//   - SIGKILL of the agent running `<set>-1` (its containers keep running): no second `<set>-1`
//     starts anywhere; after `skiff delete node` (or the agent's return and cleanup) it runs again
//     on a Ready node, with its data.
// Names carry the cluster's run id, so that volumes and containers are this run's own.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Pod } from "@skiff/api";
import { TEST_IMAGE, TestCluster, eventually, type AgentProcess } from "./support/cluster.js";
import { Kubectl, kubectlClientVersion } from "./support/kubectl.js";
import { tempDir } from "./support/skiff.js";

const exec = promisify(execFile);

let cluster: TestCluster | undefined;
const volumes: string[] = [];
afterEach(async () => {
  await cluster?.dispose();
  cluster = undefined;
  if (volumes.length) await exec("docker", ["volume", "rm", "-f", ...volumes.splice(0)]).catch(() => undefined);
});

/** A process that ignores SIGTERM (`trap '' TERM`): only SIGKILL ends it. */
const STUBBORN = ["sh", "-c", "trap '' TERM; echo up; while true; do sleep 1; done"];

function statefulSet(name: string, o: { replicas: number; grace: number; data?: boolean }): unknown {
  const container: Record<string, unknown> = { name: "main", image: TEST_IMAGE, command: STUBBORN };
  if (o.data) container.volumeMounts = [{ name: "data", mountPath: "/data" }];
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name },
    spec: {
      replicas: o.replicas,
      serviceName: name,
      podManagementPolicy: "Parallel",
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { terminationGracePeriodSeconds: o.grace, containers: [container] } },
      ...(o.data ? { volumeClaimTemplates: [{ metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "10Mi" } } } }] } : {}),
    },
  };
}

const getPod = async (c: TestCluster, name: string): Promise<Pod | undefined> => {
  try {
    return (await c.client.pods.get(name)) as Pod;
  } catch {
    return undefined;
  }
};

/** Wait until pod `name` runs (with a uid other than `notUid`, when given). */
const running = (c: TestCluster, name: string, notUid?: string, timeoutMs = 60_000) =>
  eventually(
    async () => {
      const p = await getPod(c, name);
      if (!p || p.metadata.uid === notUid || p.status?.phase !== "Running" || p.metadata.deletionTimestamp) throw new Error(`${name}: ${p?.status?.phase ?? "absent"}`);
      return p;
    },
    timeoutMs,
    () => [`--- server\n${c.server.logs.slice(-4000)}`, ...c.agents.map((a) => `--- ${a.name}\n${a.logs.slice(-4000)}`)].join("\n"),
  );

interface DockerState {
  running: boolean;
  exitCode: number;
  startedAt: number;
  finishedAt: number;
}

async function dockerState(id: string): Promise<DockerState> {
  const { stdout } = await exec("docker", ["inspect", "--format", "{{json .State}}", id]);
  const s = JSON.parse(stdout) as { Running: boolean; ExitCode: number; StartedAt: string; FinishedAt: string };
  return { running: s.Running, exitCode: s.ExitCode, startedAt: Date.parse(s.StartedAt), finishedAt: Date.parse(s.FinishedAt) };
}

/** The app containers (not the infra one) of pod `name`, with the pod uid each belongs to. */
async function appContainers(c: TestCluster, name: string): Promise<{ id: string; uid: string; node: string }[]> {
  const all = await c.containers({ "skiff.pod.name": name, "skiff.container": "main" });
  return all.map((x) => ({ id: x.id, uid: x.labels["skiff.pod.uid"] ?? "", node: x.labels["skiff.node"] ?? "" }));
}

describe("graceful termination", () => {
  // One cluster for both: each test has a StatefulSet of its own name, and neither loses a node.
  let c: TestCluster;
  beforeAll(async () => {
    c = await TestCluster.start({ agents: 1 });
  });
  afterAll(async () => {
    await c?.dispose();
  });

  it("a pod ignoring SIGTERM is Terminating for its grace period, then killed; its StatefulSet makes it again only after", async () => {
    console.log(`kubectl under test: ${await kubectlClientVersion()}`);
    const dir = await tempDir("graceful");
    const kubectl = new Kubectl(c.server.kubeconfigPath, join(dir.path, "home"));
    const set = `g${c.run}`;
    const pod = `${set}-0`;
    const GRACE = 12;
    const applied = await c.skiff(["apply", "-f", "-"], JSON.stringify(statefulSet(set, { replicas: 1, grace: GRACE })));
    expect(applied.code, applied.stderr).toBe(0);
    const first = await running(c, pod);
    const [old] = await appContainers(c, pod);
    expect(old).toBeDefined();

    const deletedAt = Date.now();
    const del = await c.skiff(["delete", "pod", pod]);
    expect(del).toMatchObject({ code: 0, stdout: `pod "${pod}" deleted\n` });

    // Meanwhile: Terminating in both CLIs, the old process still running, no second pod of its name.
    const seen = { skiff: false, kubectl: false };
    // Both CLIs at once: on a loaded machine each start takes seconds, and all of this must fit in the grace period.
    await eventually(async () => {
      const [bySkiff, byKubectl] = await Promise.all([seen.skiff ? undefined : c.skiff(["get", "pods", pod]), seen.kubectl ? undefined : kubectl.run(["get", "pods", pod])]);
      if (bySkiff) seen.skiff = /Terminating/.test(bySkiff.stdout);
      if (byKubectl) seen.kubectl = /Terminating/.test(byKubectl.stdout);
      if (!seen.skiff || !seen.kubectl) throw new Error(`Terminating seen: ${JSON.stringify(seen)}`);
    }, (GRACE - 5) * 1000);
    expect(Date.now() - deletedAt).toBeLessThan(GRACE * 1000);
    expect((await dockerState(old!.id)).running).toBe(true);
    const during = await getPod(c, pod);
    expect(during?.metadata.uid).toBe(first.metadata.uid);
    expect(during?.metadata.deletionGracePeriodSeconds).toBe(GRACE);

    // Then killed (SIGKILL: 137) once the grace period is over, and only then made again.
    const again = await running(c, pod, first.metadata.uid);
    const killed = await dockerState(old!.id).catch(() => undefined); // removed, once the new pod needs its name
    const replacement = (await appContainers(c, pod)).find((x) => x.uid === again.metadata.uid);
    expect(replacement).toBeDefined();
    const started = await dockerState(replacement!.id);
    if (killed) {
      expect(killed.exitCode).toBe(137);
      expect(killed.finishedAt - deletedAt).toBeGreaterThanOrEqual((GRACE - 1) * 1000);
      expect(started.startedAt).toBeGreaterThanOrEqual(killed.finishedAt);
    }
    // Whether or not the old container is still there to inspect: the new one started after the grace period.
    expect(started.startedAt - deletedAt).toBeGreaterThanOrEqual((GRACE - 1) * 1000);
    await dir.remove();
  });

  it("--grace-period=0 --force removes a pod at once, with kubectl's warning", async () => {
    const set = `f${c.run}`;
    const applied = await c.skiff(["apply", "-f", "-"], JSON.stringify(statefulSet(set, { replicas: 1, grace: 60 })));
    expect(applied.code, applied.stderr).toBe(0);
    const first = await running(c, `${set}-0`);
    const started = Date.now();
    const del = await c.skiff(["delete", "pod", `${set}-0`, "--grace-period=0", "--force"]);
    expect(del.code, del.stderr).toBe(0);
    expect(del.stdout).toBe(`pod "${set}-0" force deleted\n`);
    expect(del.stderr).toMatch(/^Warning: Immediate deletion does not wait for confirmation/);
    const p = await getPod(c, `${set}-0`);
    expect(p === undefined || p.metadata.uid !== first.metadata.uid).toBe(true);
    // The name is free at once: the StatefulSet has made the pod again, long before 60 s. (As
    // with kubelet, the old process may still be stopping, with its grace period, on its node: a
    // force delete does not wait for it, and a new pod on that same node waits for the old
    // containers' Docker names.)
    await eventually(async () => {
      const again = await getPod(c, `${set}-0`);
      if (!again || again.metadata.uid === first.metadata.uid) throw new Error("not made again yet");
    }, 10_000);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});

describe("at most one pod per StatefulSet identity when a node is lost", () => {
  /** A set of 2 with data; returns the node running `<set>-1`, its agent, and the pod as it ran. */
  async function setUp(c: TestCluster) {
    const set = `db${c.run}`;
    volumes.push(`data-${set}-0`, `data-${set}-1`);
    const applied = await c.skiff(["apply", "-f", "-"], JSON.stringify(statefulSet(set, { replicas: 2, grace: 5, data: true })));
    expect(applied.code, applied.stderr).toBe(0);
    await running(c, `${set}-0`);
    const first = await running(c, `${set}-1`);
    const write = await c.skiff(["exec", `${set}-1`, "--", "sh", "-c", "echo kept > /data/f"]);
    expect(write.code, write.stderr).toBe(0);
    const agent = c.agents.find((a) => a.name === first.spec.nodeName) as AgentProcess;
    expect(agent).toBeDefined();
    const [old] = await appContainers(c, `${set}-1`);
    return { set, pod: `${set}-1`, first, agent, oldId: old!.id };
  }

  /** Kill the agent; its containers keep running. Wait until the pod is marked Terminating (NodeLost). */
  async function loseNode(c: TestCluster, pod: string, agent: AgentProcess): Promise<void> {
    await agent.stop("SIGKILL");
    await eventually(async () => {
      const p = await getPod(c, pod);
      if (!p?.metadata.deletionTimestamp || p.status?.reason !== "NodeLost") throw new Error(`${pod}: deletionTimestamp ${p?.metadata.deletionTimestamp}, reason ${p?.status?.reason}`);
    }, 20_000);
    // `get pods` shows it as Kubernetes does for a pod on an unreachable node.
    expect((await c.skiff(["get", "pods", pod])).stdout).toMatch(new RegExp(`^${pod} +\\S+ +Unknown `, "m"));
  }

  /** For `ms`: the pod keeps its uid, and no container of another pod of that name exists anywhere. */
  async function holdsIdentity(c: TestCluster, pod: string, uid: string | undefined, oldId: string, ms: number): Promise<void> {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      expect((await getPod(c, pod))?.metadata.uid).toBe(uid);
      const containers = await appContainers(c, pod);
      expect(containers.map((x) => x.uid)).toEqual([uid]);
      expect((await dockerState(oldId)).running).toBe(true);
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }

  const readData = (c: TestCluster, pod: string) =>
    eventually(async () => {
      const r = await c.skiff(["exec", pod, "--", "cat", "/data/f"]);
      if (r.code !== 0) throw new Error(r.stderr);
      return r.stdout.trim();
    });

  it("the node's agent is killed: no second pod of that name; after `skiff delete node` it waits for its volume's node, and runs there again with its data", async () => {
    cluster = await TestCluster.start({ agents: 2 });
    const c = cluster;
    const { pod, first, agent, oldId } = await setUp(c);
    await loseNode(c, pod, agent);
    // Past the eviction, which NodeLost marks (3 s after NotReady here): a ReplicaSet's pod would
    // have been replaced at once, by the controller the NodeLost update wakes.
    await holdsIdentity(c, pod, first.metadata.uid, oldId, 5_000);
    // A plain delete does not free the name either: only its node can confirm the pod stopped.
    expect((await c.skiff(["delete", "pod", pod])).code).toBe(0);
    await holdsIdentity(c, pod, first.metadata.uid, oldId, 3_000);

    // The machine is down, and the person says so: its containers die with it, then its Node goes.
    const gone = await c.containers({ "skiff.node": agent.name });
    await exec("docker", ["rm", "-f", ...gone.map((x) => x.id)]);
    const del = await c.skiff(["delete", "node", agent.name]);
    expect(del.code, del.stderr).toBe(0);

    // The name is free, but the replica's data is on that node (a local volume, as Kubernetes'
    // local PVs): the new pod waits for the node rather than start empty on the other one.
    await eventually(async () => {
      const p = await getPod(c, pod);
      expect(p?.metadata.uid).not.toBe(first.metadata.uid);
      const scheduled = p?.status?.conditions?.find((x) => x.type === "PodScheduled");
      expect(scheduled?.status).toBe("False");
      expect(scheduled?.message).toContain(agent.name);
    }, 30_000);
    // The machine comes back and joins again: the replica runs there, with its data.
    agent.start();
    const again = await running(c, pod, first.metadata.uid, 90_000);
    expect(again.spec.nodeName).toBe(agent.name);
    expect(await readData(c, pod)).toBe("kept");
  });

  it("the node's agent comes back: it stops the old pod, which is removed, and then the pod runs again, with its data", async () => {
    cluster = await TestCluster.start({ agents: 2 });
    const c = cluster;
    const { pod, first, agent, oldId } = await setUp(c);
    await loseNode(c, pod, agent);
    await holdsIdentity(c, pod, first.metadata.uid, oldId, 6_000);

    agent.start();
    const again = await running(c, pod, first.metadata.uid, 90_000);
    const stopped = await dockerState(oldId).catch(() => undefined); // removed by now, perhaps
    const replacement = (await appContainers(c, pod)).find((x) => x.uid === again.metadata.uid);
    expect(replacement).toBeDefined();
    if (stopped) {
      expect(stopped.running).toBe(false);
      expect((await dockerState(replacement!.id)).startedAt).toBeGreaterThanOrEqual(stopped.finishedAt);
    }
    expect(await readData(c, pod)).toBe("kept");
  });
});
