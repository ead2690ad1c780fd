// Services on a 2-node cluster of real processes and real Docker: NodePorts on every node, the
// proxy's round-robin over ready pods only, names from inside pods, through a rollout and a lost node.
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Deployment, Pod, Service } from "@skiff/api";
import { AgentProcess, TEST_IMAGE, TestCluster, eventually } from "./support/cluster.js";

let cluster: TestCluster;
beforeAll(async () => {
  cluster = await TestCluster.start({ agents: 2 });
});
afterAll(async () => cluster?.dispose());

const apply = async (...objects: unknown[]) => {
  const r = await cluster.skiff(["apply", "-f", "-"], objects.map((o) => JSON.stringify(o)).join("\n---\n"));
  expect(r.code, r.stderr).toBe(0);
};

// Each pod answers with its own name: busybox httpd serving $HOSTNAME (the pod's name).
const web = (name: string, image = TEST_IMAGE, extra: Record<string, unknown> = {}) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: name } },
    strategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
    template: {
      metadata: { labels: { app: name } },
      spec: {
        terminationGracePeriodSeconds: 1,
        containers: [
          {
            name: "web",
            image,
            command: ["sh", "-c", "echo $HOSTNAME > /www/index.html; httpd -f -p 8080 -h /www"],
            ports: [{ name: "http", containerPort: 8080 }],
            readinessProbe: { httpGet: { path: "/", port: "http" }, periodSeconds: 1 },
            ...extra,
          },
        ],
      },
    },
  },
});

const service = (name: string, type: "NodePort" | "ClusterIP") => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: { name },
  spec: { type, selector: { app: name }, ports: [{ name: "http", port: 80, targetPort: "http" }] },
});

async function waitReady(name: string, replicas: number): Promise<void> {
  await eventually(async () => {
    const d = (await cluster.client.deployments.get(name)) as Deployment;
    if (d.status?.readyReplicas !== replicas || d.status.updatedReplicas !== replicas) throw new Error(JSON.stringify(d.status));
  }, 60_000);
}

async function readyEndpoints(name: string): Promise<number> {
  const ep = await cluster.client.endpoints.get(name);
  return (ep.subsets ?? []).reduce((n, s) => n + (s.addresses?.length ?? 0), 0);
}

describe("Services", () => {
  it("the Kubernetes docs' backend Deployment and Service (targetPort by name) work unchanged", async () => {
    // A local image of the name the docs use, answering HTTP on port 80 as hello-go-gke does.
    const dockerfile = `FROM ${TEST_IMAGE}\nRUN mkdir -p /www && echo '{"message":"Hello"}' > /www/index.html\nCMD ["httpd", "-f", "-p", "80", "-h", "/www"]\n`;
    await new Promise<void>((resolve, reject) => {
      const build = spawn("docker", ["build", "-q", "-t", "gcr.io/google-samples/hello-go-gke:1.0", "-"], { stdio: ["pipe", "ignore", "pipe"] });
      let err = "";
      build.stderr.on("data", (d) => (err += d));
      build.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`docker build failed: ${err}`))));
      build.stdin.end(dockerfile);
    });
    for (const file of ["backend-deployment.yaml", "backend-service.yaml"]) {
      const r = await cluster.skiff(["apply", "-f", `test/fixtures/k8s-docs/${file}`]);
      expect(r.code, r.stderr).toBe(0);
    }
    await eventually(async () => expect(await readyEndpoints("hello")).toBe(3), 60_000);
    const ep = await cluster.client.endpoints.get("hello");
    expect(ep.subsets?.[0]?.ports?.[0]?.port).toBe(80);
    await apply({ apiVersion: "v1", kind: "Pod", metadata: { name: "frontend" }, spec: { terminationGracePeriodSeconds: 1, containers: [{ name: "main", image: TEST_IMAGE, command: ["sleep", "3600"] }] } });
    await eventually(async () => {
      const r = await cluster.skiff(["exec", "frontend", "--", "timeout", "5", "wget", "-qO-", "http://hello/"]);
      expect(r.stdout).toContain("Hello");
    }, 30_000);
    await cluster.skiff(["delete", "-f", "test/fixtures/k8s-docs/backend-deployment.yaml"]);
  });

  it("a NodePort reaches at least 2 of 3 pods from either node, and no request fails", async () => {
    await apply(web("hello"), service("hello", "NodePort"));
    await waitReady("hello", 3);
    await eventually(async () => expect(await readyEndpoints("hello")).toBe(3), 20_000);
    const svc = (await cluster.client.services.get("hello")) as Service;
    const nodePort = svc.spec.ports[0]?.nodePort;
    expect(nodePort).toBeGreaterThanOrEqual(30000);
    for (const agent of cluster.agents) {
      const seen = new Set<string>();
      await eventually(async () => {
        const res = await fetch(`http://${agent.address}:${nodePort}/`, { signal: AbortSignal.timeout(5_000) });
        expect(res.status).toBe(200);
      }, 10_000);
      for (let i = 0; i < 30; i++) {
        const res = await fetch(`http://${agent.address}:${nodePort}/`, { signal: AbortSignal.timeout(5_000) });
        expect(res.status).toBe(200);
        seen.add((await res.text()).trim());
      }
      expect(seen.size, `pods answering on ${agent.name}`).toBeGreaterThanOrEqual(2);
    }
  });

  it("a pod whose readiness probe fails gets no traffic, and gets it once the probe passes", async () => {
    // One pod serves /ready only once /tmp/go exists; its readiness probe asks for /ready.
    await apply(
      { ...web("gated"), spec: { ...web("gated").spec, replicas: 1 } },
      service("gated", "NodePort"),
    );
    await apply({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "late", labels: { app: "gated" } },
      spec: {
        terminationGracePeriodSeconds: 1,
        containers: [
          {
            name: "web",
            image: TEST_IMAGE,
            command: ["sh", "-c", "mkdir -p /www; echo late > /www/index.html; httpd -f -p 8080 -h /www"],
            ports: [{ name: "http", containerPort: 8080 }],
            readinessProbe: { exec: { command: ["test", "-f", "/tmp/go"] }, periodSeconds: 1 },
          },
        ],
      },
    });
    await waitReady("gated", 1);
    const svc = (await cluster.client.services.get("gated")) as Service;
    const url = `http://${cluster.agents[0]?.address}:${svc.spec.ports[0]?.nodePort}/`;
    await eventually(async () => expect((await fetch(url, { signal: AbortSignal.timeout(5_000) })).status).toBe(200), 10_000);
    await eventually(async () => {
      const p = (await cluster.client.pods.get("late")) as Pod;
      if (p.status?.phase !== "Running") throw new Error("late not running yet");
    });
    for (let i = 0; i < 20; i++) expect((await (await fetch(url, { signal: AbortSignal.timeout(5_000) })).text()).trim()).not.toBe("late");
    await cluster.skiff(["exec", "late", "--", "touch", "/tmp/go"]);
    await eventually(async () => expect(await readyEndpoints("gated")).toBe(2), 15_000);
    const answers = new Set<string>();
    for (let i = 0; i < 20; i++) answers.add((await (await fetch(url, { signal: AbortSignal.timeout(5_000) })).text()).trim());
    expect(answers.has("late")).toBe(true);
  });

  it("from inside a pod, http://SERVICE:PORT/ works, through a rollout and the loss of a node", async () => {
    await apply(web("backend"), service("backend", "ClusterIP"));
    await waitReady("backend", 3);
    await apply({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "client" },
      spec: {
        terminationGracePeriodSeconds: 1,
        containers: [{ name: "main", image: TEST_IMAGE, command: ["sleep", "3600"] }],
      },
    });
    await eventually(async () => {
      const p = (await cluster.client.pods.get("client")) as Pod;
      if (p.status?.phase !== "Running") throw new Error("client not running");
    });
    const get = (url: string) => cluster.skiff(["exec", "client", "--", "timeout", "5", "wget", "-qO-", url]);
    await eventually(async () => {
      const r = await get("http://backend:80/");
      expect(r.code, r.stderr).toBe(0);
    }, 20_000);
    expect((await get("http://backend.default/")).code).toBe(0);
    expect((await get("http://backend.default.svc.cluster.local/")).code).toBe(0);

    // A rollout to a new image: every request during it succeeds.
    await cluster.skiff(["set", "image", "deployment/backend", "web=skiff-test/busybox:2"]);
    const during: number[] = [];
    const rolled = (async () => {
      const r = await cluster.skiff(["rollout", "status", "deployment/backend", "--timeout", "90s"]);
      expect(r.code, r.stderr).toBe(0);
    })();
    let done = false;
    void rolled.finally(() => (done = true));
    while (!done) during.push((await get("http://backend/")).code ?? -1);
    await rolled;
    expect(during.filter((c) => c !== 0)).toEqual([]);

    // Lose the node that does not run the client: requests keep working.
    const clientNode = ((await cluster.client.pods.get("client")) as Pod).spec.nodeName;
    const other = cluster.agents.find((a) => a.name !== clientNode) as AgentProcess;
    await other.stop("SIGKILL");
    await eventually(async () => {
      const ready = ((await cluster.client.pods.list({ labelSelector: "app=backend" })).items as Pod[]).filter(
        (p) => p.spec.nodeName !== other.name && p.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True"),
      );
      expect(ready.length).toBe(3);
      expect(await readyEndpoints("backend")).toBe(3);
    }, 60_000);
    for (let i = 0; i < 5; i++) expect((await get("http://backend/")).code).toBe(0);
  });
});
