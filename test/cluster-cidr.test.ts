// Two clusters side by side on one Docker engine, each with its own --cluster-cidr and
// --service-cluster-ip-range (test/support/run-network.ts): both make their node networks (no
// "Pool overlaps"), give pod IPs and cluster IPs from their own ranges, and their pods reach each
// other through a Service by name, within their own cluster.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inCidr, type Node, type Pod } from "@skiff/api";
import { TEST_IMAGE, TestCluster, eventually } from "./support/cluster.js";
import { laneSlots, pickRunNetwork, runNetwork } from "./support/run-network.js";

const clusters: TestCluster[] = [];
beforeAll(async () => {
  const first = await pickRunNetwork();
  // Another slot of this lane's: the next one, wrapping around.
  const [low, high] = await laneSlots();
  const second = runNetwork(first.slot === high ? low : first.slot + 1);
  // At the same time, as two e2e files running in parallel would.
  clusters.push(...(await Promise.all([TestCluster.start({ agents: 1, network: first }), TestCluster.start({ agents: 1, network: second })])));
}, 120_000);
afterAll(async () => {
  await Promise.all(clusters.map((c) => c.dispose()));
});

const objects = [
  {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "web", labels: { app: "web" } },
    spec: {
      terminationGracePeriodSeconds: 1,
      containers: [{ name: "web", image: TEST_IMAGE, command: ["sh", "-c", "echo $HOSTNAME > /www/index.html; httpd -f -p 8080 -h /www"], ports: [{ containerPort: 8080 }] }],
    },
  },
  { apiVersion: "v1", kind: "Service", metadata: { name: "web" }, spec: { selector: { app: "web" }, ports: [{ port: 80, targetPort: 8080 }] } },
  {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "client" },
    spec: { terminationGracePeriodSeconds: 1, containers: [{ name: "client", image: TEST_IMAGE, command: ["sleep", "3600"] }] },
  },
];

describe("--cluster-cidr", () => {
  it("two clusters with different ranges run side by side, each pod reaching its own cluster's Service", async () => {
    await Promise.all(
      clusters.map(async (cluster) => {
        const { clusterCIDR, serviceCIDR } = cluster.network;
        const r = await cluster.skiff(["apply", "-f", "-"], objects.map((o) => JSON.stringify(o)).join("\n---\n"));
        expect(r.code, r.stderr).toBe(0);

        const node = (await cluster.client.nodes.list()).items[0] as Node;
        const podCIDR = (node.spec as { podCIDR?: string }).podCIDR ?? "";
        expect(inCidr(podCIDR.split("/")[0] ?? "", clusterCIDR), `${podCIDR} in ${clusterCIDR}`).toBe(true);
        const svc = await cluster.client.services.get("web");
        expect(inCidr(svc.spec.clusterIP ?? "", serviceCIDR), `${svc.spec.clusterIP} in ${serviceCIDR}`).toBe(true);

        const running = await eventually(async () => {
          const pods = await Promise.all(["web", "client"].map((n) => cluster.client.pods.get(n) as Promise<Pod>));
          for (const p of pods) if (p.status?.phase !== "Running" || !p.status.podIP) throw new Error(`${p.metadata.name}: ${JSON.stringify(p.status)}`);
          return pods;
        }, 60_000, () => cluster.agents.map((a) => a.logs).join("\n"));
        for (const p of running) expect(inCidr(p.status?.podIP ?? "", podCIDR), `${p.metadata.name} ${p.status?.podIP} in ${podCIDR}`).toBe(true);

        // By name, through the node's DNS and the Service's node-local address: the web pod answers.
        await eventually(async () => {
          const got = await cluster.skiff(["exec", "client", "--", "timeout", "5", "wget", "-qO-", "http://web"]);
          if (got.code !== 0 || got.stdout.trim() !== "web") throw new Error(`wget: ${got.code} ${got.stdout} ${got.stderr}`);
        }, 30_000);
      }),
    );
    // Different ranges, so different Docker networks that do not overlap.
    const [a, b] = clusters.map((c) => c.network.clusterCIDR);
    expect(a).not.toBe(b);
  }, 180_000);
});
