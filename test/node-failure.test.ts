// Crashes of agents and of the server disturb nothing: real processes, real Docker.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Node, Pod } from "@skiff/api";
import { AgentProcess, TestCluster, busyboxPod, eventually } from "./support/cluster.js";
import { freePort, skiff } from "./support/skiff.js";

let cluster: TestCluster | undefined;
afterEach(async () => {
  await cluster?.dispose();
  cluster = undefined;
});

const nodeReady = async (c: TestCluster, name: string) =>
  ((await c.client.nodes.get(name)) as Node).status?.conditions?.find((x) => x.type === "Ready")?.status;

async function runningPod(c: TestCluster, name: string, extra: Record<string, unknown> = {}): Promise<Pod> {
  const r = await c.skiff(["apply", "-f", "-"], JSON.stringify({ ...busyboxPod(name, ["sleep", "3600"]), ...extra }));
  expect(r.code, r.stderr).toBe(0);
  return eventually(async () => {
    const p = (await c.client.pods.get(name)) as Pod;
    if (p.status?.phase !== "Running") throw new Error(`phase ${p.status?.phase}`);
    return p;
  });
}

describe("agent crash", () => {
  // The first two kill the agent of one cluster in turn: the first starts it again and waits
  // until it is Ready, so the second finds it as a new one.
  let c: TestCluster;
  beforeAll(async () => {
    c = await TestCluster.start({ agents: 1 });
  });
  afterAll(async () => {
    await c?.dispose();
  });

  it("kill -9: the node is NotReady within 3 heartbeats; restarted, it adopts its containers and is Ready", async () => {
    const pod = await runningPod(c, "survivor");
    const before = await c.containers({ "skiff.pod.name": "survivor" });
    const agent = c.agents[0] as AgentProcess;
    const killedAt = Date.now();
    await agent.stop("SIGKILL");
    await eventually(async () => {
      if ((await nodeReady(c, agent.name)) === "True") throw new Error("still Ready");
    }, 10_000);
    // 3 periods of 500 ms, checked every 250 ms, plus the time to write: well under 3 s.
    expect(Date.now() - killedAt).toBeLessThan(3_000);

    agent.start();
    await c.waitForNodes(1);
    await eventually(async () => {
      const p = (await c.client.pods.get("survivor")) as Pod;
      if (p.status?.phase !== "Running") throw new Error(`phase ${p.status?.phase}`);
    });
    const after = await c.containers({ "skiff.pod.name": "survivor" });
    expect(after.map((x) => x.id).sort()).toEqual(before.map((x) => x.id).sort());
    expect(after.every((x) => x.state === "running")).toBe(true);
    const p = (await c.client.pods.get("survivor")) as Pod;
    expect(p.status?.containerStatuses?.[0]?.restartCount).toBe(0);
    expect(p.metadata.uid).toBe(pod.metadata.uid);
  });

  it("pods of a node gone past the eviction timeout are failed (NodeLost)", async () => {
    await runningPod(c, "stranded");
    await (c.agents[0] as AgentProcess).stop("SIGKILL");
    // NotReady after 1.5 s, then the 3 s eviction timeout of the test cluster.
    await eventually(async () => {
      const p = (await c.client.pods.get("stranded")) as Pod;
      if (p.status?.phase !== "Failed") throw new Error(`phase ${p.status?.phase}`);
      expect(p.status.reason).toBe("NodeLost");
    }, 15_000);
    const got = await c.skiff(["get", "pod", "stranded"]);
    expect(got.stdout).toMatch(/NodeLost|Failed/);
  });

  it("an agent whose server is away keeps its pods running and says so once per attempt", async () => {
    cluster = await TestCluster.start({ agents: 1 });
    const c = cluster;
    await runningPod(c, "steady");
    const ids = (await c.containers({ "skiff.pod.name": "steady" })).map((x) => x.id);
    const agent = c.agents[0] as AgentProcess;
    const logsBefore = agent.logs.length;
    const killedAt = Date.now();
    await c.server.stop("SIGKILL");
    // Wait for the agent's 4th attempt rather than for the clock: each failed attempt is said
    // once, with the back-off before the next; by the 4th, its pods have had seconds to be
    // disturbed, and they were not.
    const retries = () =>
      agent.logs
        .slice(logsBefore)
        .split("\n")
        .flatMap((l) => {
          const m = /retrying in ([\d.]+)s \(attempt (\d+)\)/.exec(l);
          return m ? [{ line: l, delayMs: Number(m[1]) * 1000, attempt: Number(m[2]) }] : [];
        });
    await eventually(async () => expect(retries().length).toBeGreaterThanOrEqual(4), 30_000, () => agent.logs.slice(logsBefore));
    const seen = retries().slice(0, 4);
    expect(seen.map((r) => r.attempt)).toEqual([1, 2, 3, 4]); // once per attempt
    expect(seen.some((r) => r.line.includes("cannot reach the skiff server"))).toBe(true);
    // Having registered once, it retries at most a quarter of the heartbeat period apart (500 ms
    // here), so a restarted server hears from it well within its grace; the delays are printed to a
    // tenth of a second (up to 50 ms off each) and are kept, not skipped.
    for (const r of seen) expect(r.delayMs, r.line).toBeLessThanOrEqual(125 + 50);
    expect(Date.now() - killedAt).toBeGreaterThanOrEqual(seen[0]!.delayMs + seen[1]!.delayMs + seen[2]!.delayMs - 150);
    const now = await c.containers({ "skiff.pod.name": "steady" });
    expect(now.filter((x) => x.state === "running").map((x) => x.id).sort()).toEqual([...ids].sort());
  });
});

describe("server crash", () => {
  it("kill -9 and restart: agents reconnect, no container restarted or duplicated, statuses current", async () => {
    cluster = await TestCluster.start({ agents: 2 });
    const c = cluster;
    await runningPod(c, "a1");
    await runningPod(c, "a2");
    const before = await c.containers();
    await c.server.kill9();
    await c.server.start();
    await c.waitForNodes(2);
    // A status change made while the server was away, or right after, shows within a heartbeat.
    await runningPod(c, "a3");
    const after = await c.containers();
    const beforeIds = before.map((x) => x.id);
    expect(after.filter((x) => beforeIds.includes(x.id)).length).toBe(before.length);
    expect(after.length).toBe(before.length + 2); // only a3's infra and main are new
    for (const name of ["a1", "a2"]) {
      const p = (await c.client.pods.get(name)) as Pod;
      expect(p.status?.phase).toBe("Running");
      expect(p.status?.containerStatuses?.[0]?.restartCount).toBe(0);
    }
  });
});

describe("agent without Docker", () => {
  it("says which socket it tried and how to start Docker, in one line, and exits non-zero", async () => {
    const r = await skiff(["agent", "--server", `127.0.0.1:${await freePort()}`, "--name", "nodocker"], {
      env: { DOCKER_HOST: "unix:///tmp/skiff-no-such-docker.sock" },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("/tmp/skiff-no-such-docker.sock");
    expect(r.stderr).toMatch(/start/i);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });
});
