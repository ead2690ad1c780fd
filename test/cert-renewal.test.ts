// Node certificates are renewed before they expire: with a 9 s lifetime, the agent renews at two
// thirds (about 6 s), keeps its node Ready and its pods running, and writes the new certificate.
import { X509Certificate } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Node, Pod } from "@skiff/api";
import { TestCluster, busyboxPod, eventually } from "./support/cluster.js";

let cluster: TestCluster;
// Before the agent exists, so before its first certificate is issued.
let agentsStarted = 0;
beforeAll(async () => {
  agentsStarted = Date.now();
  cluster = await TestCluster.start({
    agents: 1,
    serverArgs: ["--heartbeat-period", "500ms", "--node-grace", "3", "--eviction-timeout", "3s", "--node-cert-ttl", "9s"],
  });
});
afterAll(() => cluster?.dispose());

describe("node certificates", () => {
  it("are renewed before they expire, without disturbing the node", async () => {
    const agent = cluster.agents[0]!;
    const r = await cluster.skiff(["apply", "-f", "-"], JSON.stringify(busyboxPod("steady", ["sleep", "3600"])));
    expect(r.code, r.stderr).toBe(0);
    await eventually(async () => expect(((await cluster.client.pods.get("steady")) as Pod).status?.phase).toBe("Running"));
    const certFile = join(cluster.dir, "agents", agent.name);
    const before = await readDirCerts(certFile);
    const firstEnds = new Date(new X509Certificate(await readFile(join(certFile, "node.crt"))).validTo).getTime();
    await eventually(async () => expect(agent.logs).toContain("node certificate renewed"), 15_000);
    // Renewed once per lifetime, not in a loop: at most one renewal per 6 s (two thirds of 9 s)
    // since the agent started, however slow this machine is today.
    const renewals = agent.logs.split("node certificate renewed").length - 1;
    expect(renewals).toBeGreaterThanOrEqual(1);
    expect(renewals).toBeLessThanOrEqual(Math.floor((Date.now() - agentsStarted) / 6_000));
    // Past the first certificate's end (the premise, checked), the node still does its work: a
    // pod assigned after that runs and is reported. Then: still Ready, still running, the new
    // certificate on disk.
    await eventually(async () => expect(Date.now()).toBeGreaterThan(firstEnds + 1_000), 15_000); // validTo is to the second
    const late = await cluster.skiff(["apply", "-f", "-"], JSON.stringify(busyboxPod("late", ["sleep", "3600"])));
    expect(late.code, late.stderr).toBe(0);
    await eventually(async () => expect(((await cluster.client.pods.get("late")) as Pod).status?.phase).toBe("Running"), 30_000);
    const node = (await cluster.client.nodes.get(agent.name)) as Node;
    expect(node.status?.conditions?.find((c) => c.type === "Ready")?.status).toBe("True");
    expect(((await cluster.client.pods.get("steady")) as Pod).status?.phase).toBe("Running");
    expect(await readDirCerts(certFile)).not.toEqual(before);
  });
});

async function readDirCerts(dir: string): Promise<string> {
  const { readdir } = await import("node:fs/promises");
  const names = (await readdir(dir)).filter((n) => n.endsWith(".pem") || n.endsWith(".crt")).sort();
  const texts = await Promise.all(names.filter((n) => !n.includes("key")).map((n) => readFile(join(dir, n), "utf8")));
  return texts.join("\n");
}
