// `skiff top` and `kubectl top` on real Docker: a pod that loops on the CPU shows about one core,
// and a pod holding 64 MiB shows about 64Mi (within 20%). Usage comes from Docker stats, sampled
// by the agent every --usage-period and carried to the server by its next heartbeat.
//
// The 64 MiB without a program of our own: busybox `tail` keeps the last lines of its input in
// memory until the input ends, and /dev/zero has no newline, so all 64 MiB are one "line" it
// holds; the writer then sleeps with the pipe open, so the input never ends and tail never
// prints or exits. (Checked with Debian's static busybox: tail's RSS is about 64 MiB.)
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestCluster, busyboxPod, eventually } from "./support/cluster.js";
import { Kubectl } from "./support/kubectl.js";

const MiB = 2 ** 20;
let cluster: TestCluster;

beforeAll(async () => {
  cluster = await TestCluster.start({ agents: 0 });
  cluster.addAgent(["--usage-period", "2s"]);
  await cluster.waitForNodes(1);
  await cluster.client.apply([
    busyboxPod("busy", ["sh", "-c", "while :; do :; done"]),
    busyboxPod("hold64", ["sh", "-c", "(head -c 67108864 /dev/zero; exec sleep 3600) | tail"]),
  ]);
  await eventually(async () => {
    const pods = (await cluster.client.pods.list()).items;
    const running = pods.filter((p) => p.status?.phase === "Running").length;
    if (running < 2) throw new Error(`${running}/2 pods Running`);
  }, 60_000);
}, 120_000);
afterAll(() => cluster?.dispose());

/** `skiff top pods` as rows of cells, by pod name. */
async function topPods(): Promise<Map<string, string[]>> {
  const r = await cluster.skiff(["top", "pods"]);
  if (r.code !== 0) throw new Error(`skiff top pods: ${r.stderr}`);
  const [header, ...rows] = r.stdout.trim().split("\n").map((l) => l.trim().split(/\s+/));
  expect(header).toEqual(["NAME", "CPU(cores)", "MEMORY(bytes)"]);
  return new Map(rows.map((cells) => [cells[0]!, cells]));
}

const milli = (cell: string) => Number(cell.replace(/m$/, ""));
const mebi = (cell: string) => Number(cell.replace(/Mi$/, ""));

describe("skiff top", () => {
  it("shows the busy loop using about one core and the 64 MiB allocation as about 64Mi", async () => {
    await eventually(async () => {
      const rows = await topPods();
      const busy = rows.get("busy");
      const hold = rows.get("hold64");
      if (!busy || !hold) throw new Error(`not both pods in top yet: ${[...rows.keys()].join(", ")}`);
      // One shell spinning: close to 1000m. The machine is shared, so allow some steal.
      expect(milli(busy[1]!)).toBeGreaterThanOrEqual(700);
      expect(milli(busy[1]!)).toBeLessThanOrEqual(1100);
      // Within 20% of 64 MiB: the held line, plus sh and sleep, a few hundred KiB.
      expect(mebi(hold[2]!)).toBeGreaterThanOrEqual(64 * 0.8);
      expect(mebi(hold[2]!)).toBeLessThanOrEqual(64 * 1.2);
    }, 60_000);
  }, 90_000);

  it("shows the node, its usage at least its pods' and a share of what it offers", async () => {
    const r = await cluster.skiff(["top", "nodes"]);
    expect(r.code, r.stderr).toBe(0);
    const [header, row] = r.stdout.trim().split("\n").map((l) => l.trim().split(/\s+/));
    expect(header).toEqual(["NAME", "CPU(cores)", "CPU(%)", "MEMORY(bytes)", "MEMORY(%)"]);
    expect(row![0]).toBe(cluster.agents[0]!.name);
    expect(milli(row![1]!)).toBeGreaterThanOrEqual(700);
    expect(mebi(row![3]!)).toBeGreaterThanOrEqual(64 * 0.8);
    expect(row![2]).toMatch(/^\d+%$/);
  });

  it("reads the same through metrics.k8s.io with kubectl top pods", async () => {
    const home = join(cluster.dir, "kubectl-home");
    await mkdir(home, { recursive: true });
    const kubectl = new Kubectl(cluster.server.kubeconfigPath, home);
    const r = await kubectl.run(["top", "pods"]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split("\n").map((l) => l.trim().split(/\s+/));
    expect(lines[0]).toEqual(["NAME", "CPU(cores)", "MEMORY(bytes)"]);
    const hold = lines.find((l) => l[0] === "hold64");
    expect(mebi(hold![2]!) * MiB).toBeGreaterThanOrEqual(64 * MiB * 0.8);
    const busy = lines.find((l) => l[0] === "busy");
    expect(milli(busy![1]!)).toBeGreaterThanOrEqual(700);
  }, 60_000);
});
