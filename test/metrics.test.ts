// Prometheus metrics of a real `skiff server` process (no agents, no Docker): `/metrics` on the
// Kubernetes HTTPS port answers only to a bearer token (401 and nothing else without one), parses
// as Prometheus text, and counts the requests made; `--metrics-listen` serves it in plaintext on
// loopback only, and refuses any other address. The metrics.k8s.io group is discovered.
import { request } from "node:https";
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { ServerProcess, freePort, skiff, tempDir } from "./support/skiff.js";
import { parseMetrics, value } from "../packages/server/src/metrics/test-prometheus.js";

interface Answer {
  status: number;
  contentType: string;
  body: string;
}

let server: ServerProcess;
let dir: { path: string; remove(): Promise<void> };
let metricsPort: number;
let kube: { url: URL; ca: string; token: string };

beforeAll(async () => {
  dir = await tempDir("metrics");
  metricsPort = await freePort();
  server = new ServerProcess(dir.path, await freePort(), ["--metrics-listen", `127.0.0.1:${metricsPort}`]);
  await server.start();
  const config = parseYaml(await readFile(server.kubeconfigPath, "utf8")) as {
    clusters: { cluster: { server: string; "certificate-authority-data": string } }[];
    users: { user: { token: string } }[];
  };
  const cluster = config.clusters[0]!.cluster;
  kube = { url: new URL(cluster.server), ca: Buffer.from(cluster["certificate-authority-data"], "base64").toString(), token: config.users[0]!.user.token };
}, 30_000);
afterAll(async () => {
  await server?.stop("SIGKILL");
  await dir?.remove();
});

function kubeGet(path: string, token?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, kube.url), { ca: kube.ca, headers: token ? { Authorization: `Bearer ${token}` } : {} }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers["content-type"] ?? ""), body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("/metrics on the Kubernetes HTTPS port", () => {
  it("answers 401 without a token, or with a wrong one, and shows no metric", async () => {
    for (const token of [undefined, "abcdef.0123456789abcdef"]) {
      const r = await kubeGet("/metrics", token);
      expect(r.status).toBe(401);
      expect(r.body).not.toMatch(/skiff_|# HELP|# TYPE/);
    }
  });

  it("parses as Prometheus text with a token, and counts the requests of both edges", async () => {
    expect((await kubeGet("/api/v1/namespaces/default/pods", kube.token)).status).toBe(200);
    expect((await skiff(["get", "pods"], { env: server.env })).code).toBe(0);
    const r = await kubeGet("/metrics", kube.token);
    expect(r.status).toBe(200);
    expect(r.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    const families = parseMetrics(r.body);
    expect(value(families, "skiff_api_requests_total", { edge: "rest", verb: "list", kind: "Pod", code: "200" })).toBeGreaterThanOrEqual(1);
    expect(value(families, "skiff_api_requests_total", { edge: "grpc", verb: "List", kind: "Pod", code: "OK" })).toBeGreaterThanOrEqual(1);
    // The server's own writes (the default namespace, its storage class) went through the store.
    expect(value(families, "skiff_store_commits_total", { result: "ok" })).toBeGreaterThanOrEqual(1);
    // Informers and controllers are watching.
    expect(value(families, "skiff_store_watches")).toBeGreaterThan(0);
    expect(families.map((f) => f.name)).toContain("skiff_workqueue_depth");
  });
});

describe("--metrics-listen", () => {
  it("serves the same metrics in plaintext on loopback, without a token", async () => {
    const r = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(r.status).toBe(200);
    const families = parseMetrics(await r.text());
    expect(families.map((f) => f.name)).toContain("skiff_pod_start_duration_seconds");
    expect((await fetch(`http://127.0.0.1:${metricsPort}/api/v1/pods`)).status).toBe(404);
  });

  it("refuses an address other machines could reach, naming it", async () => {
    const other = await tempDir("metrics-refused");
    try {
      const r = await skiff(["server", "--data-dir", other.path, "--client-config", `${other.path}/client-config`, "--listen", `127.0.0.1:${await freePort()}`, "--kube-listen", "off", "--metrics-listen", `0.0.0.0:${await freePort()}`]);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/--metrics-listen 0\.0\.0\.0:\d+: .*loopback/);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    } finally {
      await other.remove();
    }
  }, 30_000);
});

describe("metrics.k8s.io", () => {
  it("is discovered, and lists no usage while no agent has reported", async () => {
    const groups = JSON.parse((await kubeGet("/apis", kube.token)).body) as { groups: { name: string; preferredVersion: { version: string } }[] };
    expect(groups.groups.find((g) => g.name === "metrics.k8s.io")?.preferredVersion.version).toBe("v1beta1");
    const resources = JSON.parse((await kubeGet("/apis/metrics.k8s.io/v1beta1", kube.token)).body) as { resources: { name: string; kind: string }[] };
    expect(resources.resources.map((r) => `${r.name}:${r.kind}`).sort()).toEqual(["nodes:NodeMetrics", "pods:PodMetrics"]);
    const nodes = JSON.parse((await kubeGet("/apis/metrics.k8s.io/v1beta1/nodes", kube.token)).body) as { kind: string; items: unknown[] };
    expect(nodes).toMatchObject({ kind: "NodeMetricsList", items: [] });
    expect((await kubeGet("/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/nope", kube.token)).status).toBe(404);
    expect((await kubeGet("/apis/metrics.k8s.io/v1beta1/nodes")).status).toBe(401);
  });
});
