// Headless Services on a 2-node cluster of real processes and real Docker: a StatefulSet's pods
// are reachable as POD.SERVICE from a pod on either node, and SERVICE lists them. Pod IPs of
// another node are not routable, so each agent answers these names with per-pod addresses of its
// own (the second quarter of its pod block, e.g. 10.240.2.128/25), where its proxy forwards the
// Service's port to that one pod.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Pod, StatefulSet } from "@skiff/api";
import { TEST_IMAGE, TestCluster, eventually } from "./support/cluster.js";

let cluster: TestCluster;
beforeAll(async () => {
  cluster = await TestCluster.start({ agents: 2 });
});
afterAll(async () => cluster?.dispose());

const apply = async (...objects: unknown[]) => {
  const r = await cluster.skiff(["apply", "-f", "-"], objects.map((o) => JSON.stringify(o)).join("\n---\n"));
  expect(r.code, r.stderr).toBe(0);
};

const headless = {
  apiVersion: "v1",
  kind: "Service",
  metadata: { name: "web" },
  spec: { clusterIP: "None", selector: { app: "web" }, ports: [{ port: 80, targetPort: 8080 }] },
};

// Each pod answers with its own name: busybox httpd serving $HOSTNAME.
const statefulSet = {
  apiVersion: "apps/v1",
  kind: "StatefulSet",
  metadata: { name: "web" },
  spec: {
    replicas: 2,
    serviceName: "web",
    selector: { matchLabels: { app: "web" } },
    template: {
      metadata: { labels: { app: "web" } },
      spec: {
        terminationGracePeriodSeconds: 1,
        containers: [
          {
            name: "web",
            image: TEST_IMAGE,
            command: ["sh", "-c", "echo $HOSTNAME > /www/index.html; httpd -f -p 8080 -h /www"],
            ports: [{ containerPort: 8080 }],
            readinessProbe: { httpGet: { path: "/", port: 8080 }, periodSeconds: 1 },
          },
        ],
      },
    },
  },
};

const client = (name: string, node: string) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name },
  spec: {
    terminationGracePeriodSeconds: 1,
    nodeSelector: { "kubernetes.io/hostname": node },
    containers: [{ name: "main", image: TEST_IMAGE, command: ["sleep", "3600"] }],
  },
});

const agentLogs = () => cluster.agents.map((a) => `--- ${a.name}\n${a.logs.split("\n").slice(-40).join("\n")}`).join("\n");

describe("headless Services", () => {
  it("a StatefulSet pod is reachable as POD.SERVICE from a pod on either node, and SERVICE lists them", async () => {
    const clients = cluster.agents.map((a, i) => ({ pod: `client-${i + 1}`, node: a.name }));
    await apply(headless, statefulSet, ...clients.map((c) => client(c.pod, c.node)));

    await eventually(async () => {
      const set = (await cluster.client.statefulSets.get("web")) as StatefulSet;
      if (set.status?.readyReplicas !== 2) throw new Error(`web: ${JSON.stringify(set.status)}`);
      for (const c of clients) {
        const p = (await cluster.client.pods.get(c.pod)) as Pod;
        if (p.status?.phase !== "Running") throw new Error(`${c.pod} not running`);
        expect(p.spec.nodeName).toBe(c.node);
      }
      const ep = await cluster.client.endpoints.get("web");
      const hostnames = (ep.subsets ?? []).flatMap((s) => s.addresses ?? []).map((a) => a.hostname);
      expect(hostnames.sort()).toEqual(["web-0", "web-1"]);
    }, 90_000, agentLogs);

    const where = ((await cluster.client.pods.list({ labelSelector: "app=web" })).items as Pod[]).map((p) => `${p.metadata.name}@${p.spec.nodeName}`);
    for (const c of clients) {
      const sh = (script: string) => cluster.skiff(["exec", c.pod, "--", "sh", "-c", script]);
      const get = (url: string) => cluster.skiff(["exec", c.pod, "--", "timeout", "5", "wget", "-qO-", url]);
      // Within a few seconds of the pods being ready, every node has their addresses and listeners.
      await eventually(async () => {
        const r = await get("http://web-0.web/");
        expect(r.code, `${c.pod} on ${c.node} -> web-0 (${where.join(" ")}): ${r.stderr}`).toBe(0);
        expect(r.stdout.trim()).toBe("web-0");
      }, 20_000, agentLogs);
      await eventually(async () => {
        const r = await get("http://web-1.web:80/");
        expect(r.code, `${c.pod} on ${c.node} -> web-1 (${where.join(" ")}): ${r.stderr}`).toBe(0);
        expect(r.stdout.trim()).toBe("web-1");
      }, 20_000, agentLogs);
      expect((await get("http://web-0.web.default.svc.cluster.local/")).stdout.trim()).toBe("web-0");

      // The names answer the node's per-pod addresses (its headless range), one per pod, and the
      // Service's name lists both.
      const lookup = async (name: string) => {
        const r = await sh(`nslookup ${name} 2>&1`);
        // After the server's own lines ("Server:", "Address: <gateway>:53"), the answers.
        const answers = r.stdout.slice(Math.max(0, r.stdout.indexOf("Name:")));
        // Any 10.x address: each test cluster has its own pod range (test/support/run-network.ts).
        return [...answers.matchAll(/Address(?:\s+\d+)?:\s*(10\.\d+\.\d+\.\d+)\b(?!:)/g)].map((m) => m[1]!);
      };
      const a0 = await lookup("web-0.web.default.svc.cluster.local");
      const a1 = await lookup("web-1.web.default.svc.cluster.local");
      const all = await lookup("web.default.svc.cluster.local");
      expect(a0, `web-0 from ${c.pod}`).toHaveLength(1);
      expect(a1, `web-1 from ${c.pod}`).toHaveLength(1);
      expect(a0[0]).not.toBe(a1[0]);
      for (const ip of [...a0, ...a1]) expect(Number(ip.split(".")[3])).toBeGreaterThanOrEqual(129);
      expect(all.sort()).toEqual([a0[0], a1[0]].sort());
      // Each answer serves the Service's port, to that one pod every time.
      for (let i = 0; i < 3; i++) expect((await get(`http://${a1[0]}/`)).stdout.trim()).toBe("web-1");
    }
  });
});
