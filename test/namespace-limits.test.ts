// Limits per namespace (ResourceQuota, LimitRange), enforced at admission. A server alone, no
// agent: pods need none to be created (they stay Pending, unscheduled), and quota and LimitRange
// admission act when a pod is created, so a server-only cluster proves them. Through the skiff
// CLI, through the kubectl on PATH (against the server's Kubernetes API) and through a
// Deployment's ReplicaSet, whose pods pass the same admission.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SkiffClient } from "@skiff/client";
import type { Event, Pod, ResourceQuota } from "@skiff/api";
import { eventually } from "./support/cluster.js";
import { Kubectl } from "./support/kubectl.js";
import { skiff, startServer, tempDir, type ServerProcess } from "./support/skiff.js";

let server: ServerProcess;
let dispose: () => Promise<void>;
let client: SkiffClient;
let kubectl: Kubectl;
let home: { path: string; remove(): Promise<void> };
const NS = `quota-${Math.random().toString(16).slice(2, 8)}`;

const podYaml = (name: string, resources = "") => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: ${NS}}
spec:
  containers:
  - name: app
    image: skiff-test/busybox:1
${resources}`;

beforeAll(async () => {
  ({ server, dispose } = await startServer());
  client = new SkiffClient(server.clientOptions());
  home = await tempDir("kubectl-quota");
  kubectl = new Kubectl(server.kubeconfigPath, join(home.path, "home"));
  await client.namespaces.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: NS } });
}, 60_000);

afterAll(async () => {
  await dispose?.();
  await home?.remove();
});

const cli = (args: string[], input?: string) => skiff(args, { env: server.env, input });

describe("a quota of 4 pods", () => {
  it("admits four pods and refuses the fifth with Kubernetes' message, through the CLI and through kubectl", async () => {
    const quota = `apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: q, namespace: ${NS}}\nspec:\n  hard: {pods: "4"}\n`;
    expect((await cli(["apply", "-f", "-"], quota)).code).toBe(0);
    for (const name of ["web-1", "web-2", "web-3", "web-4"]) {
      const r = await cli(["apply", "-f", "-"], podYaml(name));
      expect(r.code, r.stderr).toBe(0);
    }
    const refused = await cli(["apply", "-f", "-"], podYaml("web-5"));
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('pods "web-5" is forbidden: exceeded quota: q, requested: pods=1, used: pods=4, limited: pods=4');

    const viaKubectl = await kubectl.run(["apply", "-f", "-"], { input: podYaml("web-6") });
    expect(viaKubectl.code).toBe(1);
    expect(viaKubectl.stderr).toContain("Error from server (Forbidden)");
    expect(viaKubectl.stderr).toContain('pods "web-6" is forbidden: exceeded quota: q, requested: pods=1, used: pods=4, limited: pods=4');
    expect((await client.pods.list({ namespace: NS })).items.map((p) => p.metadata.name).sort()).toEqual(["web-1", "web-2", "web-3", "web-4"]);

    // The quota as people see it: skiff get / describe and kubectl get, used against hard.
    const get = await cli(["get", "quota", "-n", NS]);
    expect(get.stdout).toMatch(/^NAME\s+AGE\s+REQUEST\s+LIMIT\s*\nq\s+\S+\s+pods: 4\/4\s*$/m);
    expect((await cli(["describe", "resourcequota", "q", "-n", NS])).stdout).toMatch(/Resource\s+Used\s+Hard\n\s*-+\s+-+\s+-+\n\s*pods\s+4\s+4/);
    expect((await kubectl.run(["get", "resourcequota", "-n", NS])).stdout).toMatch(/q\s+\S+\s+pods: 4\/4/);
  }, 120_000);

  it("frees a slot when a pod is deleted (the controller gives it back)", async () => {
    expect((await cli(["delete", "pod", "web-4", "-n", NS])).code).toBe(0);
    await eventually(async () => {
      const q = (await client.resourceQuotas.get("q", { namespace: NS })) as ResourceQuota;
      expect(q.status?.used).toEqual({ pods: "3" });
    }, 60_000);
    expect((await cli(["apply", "-f", "-"], podYaml("web-4b"))).code).toBe(0);
  }, 90_000);
});

describe("a Deployment of 6 under a quota of 4 pods", () => {
  const ns = `${NS}-deploy`;
  it("gets 4 pods and a FailedCreate event naming the quota", async () => {
    await client.namespaces.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
    await client.resourceQuotas.create({ apiVersion: "v1", kind: "ResourceQuota", metadata: { name: "q", namespace: ns }, spec: { hard: { pods: "4" } } });
    const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ${ns}}
spec:
  replicas: 6
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: app, image: skiff-test/busybox:1}]
`;
    const applied = await kubectl.run(["apply", "-f", "-"], { input: deployment });
    expect(applied.code, applied.stderr).toBe(0);
    const event = await eventually(async () => {
      const events = (await client.events.list({ namespace: ns })).items as Event[];
      const failed = events.find((e) => e.reason === "FailedCreate" && e.involvedObject.kind === "ReplicaSet");
      expect(failed?.message).toMatch(/^Error creating: pods "web-[a-z0-9-]+" is forbidden: exceeded quota: q, requested: pods=1, used: pods=4, limited: pods=4$/);
      return failed;
    }, 60_000);
    expect(event?.type).toBe("Warning");
    expect((await client.pods.list({ namespace: ns })).items).toHaveLength(4);
    expect((await kubectl.run(["get", "events", "-n", ns])).stdout).toMatch(/FailedCreate/);
  }, 120_000);
});

describe("a LimitRange", () => {
  const ns = `${NS}-lr`;
  it("gives its defaults to a pod that set none, and refuses one above its max", async () => {
    await client.namespaces.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
    const range = `apiVersion: v1
kind: LimitRange
metadata: {name: limits, namespace: ${ns}}
spec:
  limits:
  - type: Container
    default: {cpu: 500m, memory: 256Mi}
    defaultRequest: {cpu: 250m, memory: 128Mi}
    max: {cpu: "1"}
`;
    expect((await kubectl.run(["apply", "-f", "-"], { input: range })).code).toBe(0);
    expect((await cli(["apply", "-f", "-"], podYaml("plain").replace(NS, ns))).code).toBe(0);
    const pod = (await client.pods.get("plain", { namespace: ns })) as Pod;
    expect(pod.spec.containers[0]?.resources).toEqual({ limits: { cpu: "500m", memory: "256Mi" }, requests: { cpu: "250m", memory: "128Mi" } });
    expect(pod.metadata.annotations?.["kubernetes.io/limit-ranger"]).toBe("LimitRanger plugin set: cpu, memory request for container app; cpu, memory limit for container app");

    const big = podYaml("big", "    resources: {limits: {cpu: \"2\"}}\n").replace(NS, ns);
    const refused = await kubectl.run(["apply", "-f", "-"], { input: big });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('pods "big" is forbidden: maximum cpu usage per Container is 1, but limit is 2');
    expect((await cli(["describe", "limitrange", "limits", "-n", ns])).stdout).toMatch(/Container\s+cpu\s+-\s+1\s+250m\s+500m\s+-/);
  }, 90_000);
});
