// Apply, get, describe and delete through the real CLI against a real `skiff server` process.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skiff, spawnSkiff, startServer, type ServerProcess } from "./support/skiff.js";

const deployment = (replicas: number, image = "nginx:1.14.2") => `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx-deployment
  labels:
    app: nginx
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: ${image}
        ports:
        - containerPort: 80
`;

let server: ServerProcess;
let dispose: () => Promise<void>;
const run = (args: string[], input?: string) => skiff(args, { env: server.env, input });
const getJson = async (args: string[]) => {
  const r = await run([...args, "-o", "json"]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
};

beforeAll(async () => ({ server, dispose } = await startServer()));
afterAll(async () => dispose?.());

describe("skiff apply", () => {
  it("creates, then is a no-op for the same manifest, then configures a change", async () => {
    const first = await run(["apply", "-f", "-"], deployment(3));
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout.trim()).toBe("deployment.apps/nginx-deployment created");
    const created = await getJson(["get", "deployment", "nginx-deployment"]);
    expect(created.metadata.generation).toBe(1);
    expect(created.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);

    const again = await run(["apply", "-f", "-"], deployment(3));
    expect(again.stdout.trim()).toBe("deployment.apps/nginx-deployment unchanged");
    const same = await getJson(["get", "deploy", "nginx-deployment"]);
    expect(same.metadata.resourceVersion).toBe(created.metadata.resourceVersion);

    const changed = await run(["apply", "-f", "-"], deployment(5));
    expect(changed.stdout.trim()).toBe("deployment.apps/nginx-deployment configured");
    const after = await getJson(["get", "deployments", "nginx-deployment"]);
    expect(after.metadata.generation).toBe(2);
    expect(Number(after.metadata.resourceVersion)).toBeGreaterThan(Number(created.metadata.resourceVersion));
    expect(after.metadata.uid).toBe(created.metadata.uid);
    expect(after.spec.replicas).toBe(5);
  });

  it("applies every document of a multi-document file, and lists them", async () => {
    const docs = `
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
# the config
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: shop, labels: {tier: front}}
data: {color: blue}
---
{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "other", "namespace": "shop", "labels": {"tier": "db"}}}
...
`;
    const r = await run(["apply", "-f", "-"], docs);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("namespace/shop created");
    expect(r.stdout).toContain("configmap/settings created");
    const front = await run(["get", "cm", "-n", "shop", "-l", "tier!=db", "-o", "name"]);
    expect(front.stdout.trim()).toBe("configmap/settings");
    const all = await run(["get", "configmaps", "-A"]);
    expect(all.stdout).toMatch(/NAMESPACE\s+NAME\s+DATA\s+AGE/);
    expect(all.stdout).toContain("other");
  });

  it("describes an object and deletes it", async () => {
    const d = await run(["describe", "deployment", "nginx-deployment"]);
    expect(d.code, d.stderr).toBe(0);
    expect(d.stdout).toMatch(/Name:\s+nginx-deployment/);
    expect(d.stdout).toContain("nginx:1.14.2");

    const del = await run(["delete", "deployment", "nginx-deployment"]);
    expect(del.code, del.stderr).toBe(0);
    const gone = await run(["get", "deployment", "nginx-deployment"]);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain("not found");
  });

  it("prints changes with get -w as they happen", async () => {
    const watch = spawnSkiff(["get", "configmaps", "-n", "shop", "-w"], server.env);
    try {
      await watch.waitFor(/settings/);
      await run(["apply", "-f", "-"], `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"late","namespace":"shop"}}`);
      await watch.waitFor(/late/);
    } finally {
      await watch.stop();
    }
  });
});
