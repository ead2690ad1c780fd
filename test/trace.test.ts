// `skiff trace deployment/web -f` during `skiff rollout restart deployment/web`, on real Docker:
// the output tells, in order and with revisions and times, the Deployment's write, the new
// ReplicaSet, each new pod's creation and scheduling, the assignment sent by the server and
// received by the agent on its node, each new container running and each old one stopped,
// naming the component and node of each step (issue 15).
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Pod, ReplicaSet } from "@skiff/api";
import { TEST_IMAGE, TestCluster, eventually } from "./support/cluster.js";
import { SKIFF } from "./support/skiff.js";

let cluster: TestCluster;
let follower: ChildProcess | undefined;

const web = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: "default" },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: "web" } },
    template: {
      metadata: { labels: { app: "web" } },
      spec: { terminationGracePeriodSeconds: 1, containers: [{ name: "web", image: TEST_IMAGE, command: ["sleep", "3600"] }] },
    },
  },
};

const podsOf = async (rs?: string) =>
  (await cluster.client.pods.list({ labelSelector: "app=web" })).items.filter((p: Pod) => !rs || p.metadata.ownerReferences?.some((o) => o.name === rs));

beforeAll(async () => {
  cluster = await TestCluster.start({ agents: 2 });
  await cluster.client.apply([web]);
  await eventually(async () => {
    const running = (await podsOf()).filter((p) => p.status?.phase === "Running");
    if (running.length !== 2) throw new Error(`${running.length}/2 web pods Running`);
  }, 90_000);
}, 150_000);

afterAll(async () => {
  if (follower && follower.exitCode === null) follower.kill("SIGKILL");
  await cluster?.dispose();
});

interface Line {
  time: string;
  revision?: number;
  component: string;
  node?: string;
  object: string;
  what: string;
  index: number;
}

const LINE = /^(\d\d:\d\d:\d\d\.\d{3})\s+(\d+|-)\s+(\S+)\s+(\S+)\s+(\S+)\s+(.*)$/;

function parse(out: string): Line[] {
  return out
    .split("\n")
    .slice(1)
    .filter(Boolean)
    .map((l, index) => {
      const m = LINE.exec(l);
      if (!m) throw new Error(`not a trace line: ${l}`);
      return { time: m[1]!, ...(m[2] === "-" ? {} : { revision: Number(m[2]) }), component: m[3]!, ...(m[4] === "-" ? {} : { node: m[4] }), object: m[5]!, what: m[6]!, index };
    });
}

describe("skiff trace deployment/web -f during a rollout restart", () => {
  it("tells every step from the Deployment's write to the new containers running and the old ones stopped", async () => {
    const oldPods = await podsOf();
    let out = "";
    let err = "";
    follower = spawn(process.execPath, [SKIFF, "trace", "deployment/web", "-f"], { env: { ...process.env, ...cluster.env }, stdio: ["ignore", "pipe", "pipe"] });
    follower.stdout!.on("data", (d) => (out += d));
    follower.stderr!.on("data", (d) => (err += d));
    // The steps kept from the first rollout come first: the follow is live once they are out.
    await eventually(async () => {
      if (!/Pod\/web-\S+\s+container running/.test(out)) throw new Error(`no past steps told yet:\n${out}\n${err}`);
    }, 30_000);

    const restart = await cluster.skiff(["rollout", "restart", "deployment/web"]);
    expect(restart.code, restart.stderr).toBe(0);

    // The rollout is over: two new pods Running, the old ones gone from the store.
    let newRs = "";
    let newPods: Pod[] = [];
    await eventually(async () => {
      const sets = (await cluster.client.list<ReplicaSet>("ReplicaSet", { namespace: "default" })).items;
      const current = sets.find((s) => (s.spec?.replicas ?? 0) > 0 && s.spec?.template?.metadata?.annotations?.["kubectl.kubernetes.io/restartedAt"]);
      if (!current) throw new Error("no new ReplicaSet yet");
      newRs = current.metadata.name;
      newPods = (await podsOf(newRs)).filter((p) => p.status?.phase === "Running");
      const left = (await podsOf()).filter((p) => oldPods.some((o) => o.metadata.uid === p.metadata.uid));
      if (newPods.length !== 2 || left.length > 0) throw new Error(`${newPods.length}/2 new pods Running, ${left.length} old pods left`);
    }, 120_000);
    // ...and the follower has told its last steps: each old pod's container stopped on its node.
    await eventually(async () => {
      for (const p of oldPods) if (!new RegExp(`Pod/${p.metadata.name}\\s+container stopped: web`).test(out)) throw new Error(`old ${p.metadata.name} not told stopped yet:\n${out}`);
    }, 60_000);

    const exited = new Promise<number | null>((resolve) => follower!.once("exit", (code) => resolve(code)));
    follower.kill("SIGINT");
    expect(await exited, err).toBe(0);
    console.log(out);

    const header = out.split("\n")[0]!;
    expect(header).toMatch(/^TIME \(UTC\)\s+REVISION\s+COMPONENT\s+NODE\s+OBJECT\s+WHAT HAPPENED$/);
    const lines = parse(out);
    const find = (from: number, pred: (l: Line) => boolean, what: string): Line => {
      const l = lines.find((x) => x.index > from && pred(x));
      if (!l) throw new Error(`no "${what}" after line ${from + 1}:\n${out}`);
      return l;
    };

    // The user's write, with its revision.
    const write = find(-1, (l) => l.object === "Deployment/web" && l.component === "user" && l.what.includes("restart requested"), "Deployment written by the user");
    expect(write.revision).toBeGreaterThan(0);
    // The deployment controller's reaction: the new ReplicaSet.
    const rs = find(write.index, (l) => l.object === `ReplicaSet/${newRs}` && l.component === "deployment-controller" && l.what.startsWith("created"), "new ReplicaSet created");
    expect(rs.revision).toBeGreaterThan(write.revision!);

    const nodes = new Set(cluster.agents.map((a) => a.name));
    for (const pod of newPods) {
      const object = `Pod/${pod.metadata.name}`;
      const node = pod.spec.nodeName!;
      expect(nodes.has(node)).toBe(true);
      const created = find(rs.index, (l) => l.object === object && l.component === "replicaset-controller" && l.what.startsWith("created"), `${object} created`);
      expect(created.revision).toBeGreaterThan(rs.revision!);
      const scheduled = find(created.index, (l) => l.object === object && l.component === "scheduler" && l.what.startsWith("scheduled") && l.node === node, `${object} scheduled`);
      expect(scheduled.what).toContain(`Scheduled to ${node}`);
      expect(scheduled.what).toMatch(/score \d+/);
      const sent = find(scheduled.index, (l) => l.object === object && l.component === "node-session" && l.node === node && l.what.startsWith("assignment sent"), `${object} assignment sent`);
      expect(sent.revision).toBeGreaterThan(created.revision!);
      const received = find(sent.index, (l) => l.object === object && l.component === "agent" && l.node === node && l.what.startsWith("assignment received"), `${object} assignment received`);
      const running = find(received.index, (l) => l.object === object && l.component === "agent" && l.node === node && l.what.startsWith("container running: web started"), `${object} web running`);
      const stored = find(running.index, (l) => l.object === object && l.component === "node-session" && l.node === node && l.what.startsWith("status stored: phase Running"), `${object} status Running stored`);
      expect(stored.revision).toBeGreaterThan(sent.revision!);
      // Time goes forward along the chain (one machine, one clock).
      const chain = [write, rs, created, scheduled, sent, received, running, stored].map((l) => l.time);
      expect([...chain].sort()).toEqual(chain);
    }
    for (const pod of oldPods) {
      const object = `Pod/${pod.metadata.name}`;
      const node = pod.spec.nodeName!;
      // The ReplicaSet controller deletes a pod at once (grace 0 in the store): its node is told
      // after, and stops the containers with the pod's own grace period.
      const removed = find(write.index, (l) => l.object === object && l.component === "replicaset-controller" && (l.what.startsWith("removed") || l.what.startsWith("deleting")), `${object} deleted`);
      expect(removed.revision).toBeGreaterThan(write.revision!);
      const sent = find(removed.index, (l) => l.object === object && l.component === "node-session" && l.node === node && l.what.startsWith("assignment sent"), `${object} assignment sent`);
      const received = find(sent.index, (l) => l.object === object && l.component === "agent" && l.node === node && l.what.startsWith("assignment received"), `${object} assignment received`);
      find(received.index, (l) => l.object === object && l.component === "agent" && l.node === node && l.what.startsWith("container stopped: web"), `${object} web stopped`);
    }
    // Every line says when, and who; writes say at which revision.
    for (const l of lines) if (["created", "spec changed", "status stored", "bound", "deleting"].some((w) => l.what.startsWith(w))) expect(l.revision, l.what).toBeGreaterThan(0);
  }, 240_000);

  it("tells the story kept so far without -f, and refuses a missing object or an unknown kind as other commands do", async () => {
    const r = await cluster.skiff(["trace", "deployment/web"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Deployment\/web\s+spec changed: restart requested/);
    const missing = await cluster.skiff(["trace", "deployment/nope"]);
    const get = await cluster.skiff(["get", "deployment", "nope"]);
    expect(missing.code).toBe(get.code);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/deployments.* "nope" not found/);
    const unknown = await cluster.skiff(["trace", "frobs/x"]);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain(`doesn't have a resource type "frobs"`);
    expect(unknown.stderr).not.toMatch(/\n\s+at /);
  });
});
