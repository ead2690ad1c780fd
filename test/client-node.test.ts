// @kubernetes/client-node against skiff's Kubernetes API: a real `skiff server` and agent on real
// Docker, the library's own kubeconfig loading, typed clients, errors, patches, watches and an
// informer that must keep a correct cache while the server restarts under it.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { request } from "node:https";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ApiException,
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  PatchStrategy,
  Watch,
  makeInformer,
  setHeaderOptions,
  type V1Deployment,
} from "@kubernetes/client-node";
import type { Deployment } from "@skiff/api";
import { LevelStore } from "@skiff/store";
import { TestCluster, TEST_IMAGE, eventually } from "./support/cluster.js";
import { REPO, freePort, type RunResult } from "./support/skiff.js";

const namespace = "default";
let cluster: TestCluster;
let kc: KubeConfig;
let core: CoreV1Api;
let apps: AppsV1Api;
const cleanups: (() => unknown)[] = [];

beforeAll(async () => {
  // A fixed Kubernetes API port: the kubeconfig (and the informer's client) must stay valid
  // across the server restarts below, and port 0 would pick a new port on each start.
  const kubePort = await freePort();
  cluster = await TestCluster.start({ agents: 1, serverArgs: ["--heartbeat-period", "500ms", "--kube-listen", `127.0.0.1:${kubePort}`] });
  kc = new KubeConfig();
  kc.loadFromFile(cluster.server.kubeconfigPath);
  core = kc.makeApiClient(CoreV1Api);
  apps = kc.makeApiClient(AppsV1Api);
});
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  await cluster?.dispose();
});

/** Run examples/kubernetes-client/<file> (built into examples/dist by `npm run build`) as a user would. */
function example(file: string): Promise<RunResult> {
  const program = join(REPO, "examples/dist/kubernetes-client", file);
  if (!existsSync(program)) throw new Error(`${program} is missing: build the examples first (npm run build, or npx tsc -b examples)`);
  const env = { ...process.env, KUBECONFIG: cluster.server.kubeconfigPath, IMAGE: TEST_IMAGE, COMMAND: "sleep 3600" };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [program], { env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

interface KubeStatus {
  kind?: string;
  reason?: string;
  code?: number;
  message?: string;
  details?: { causes?: { field?: string; reason?: string }[] };
}

/** The ApiException a call must end with: its HTTP code and the Status the server sent. */
async function apiError(call: Promise<unknown>): Promise<{ code: number; status?: KubeStatus }> {
  try {
    await call;
  } catch (err) {
    if (!(err instanceof ApiException)) throw err;
    const body: unknown = err.body;
    const status = (typeof body === "string" && body ? JSON.parse(body) : body) as KubeStatus | undefined;
    return { code: err.code, status };
  }
  throw new Error("the call succeeded; an ApiException was expected");
}

/** Start the stopped server again (the harness returns once both of its APIs answer). */
async function restartedServer(): Promise<void> {
  await cluster.server.start();
}

/** Watch `path` from `resourceVersion` until the server ends the stream: the events it sent. */
function watchToEnd(path: string, resourceVersion: string): Promise<{ type: string; code?: number; reason?: string }[]> {
  const events: { type: string; code?: number; reason?: string }[] = [];
  return new Promise((resolve, reject) => {
    const done = (err: unknown) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(events));
    const watching = new Watch(kc).watch(path, { resourceVersion }, (type, obj: KubeStatus) => events.push({ type, code: obj.code, reason: obj.reason }), done);
    const timer = setTimeout(() => void watching.then((c) => c.abort()), 10_000);
    timer.unref();
  });
}

/** Run `update` again while it fails with 409 Conflict (a stale resourceVersion), at most 5 times. */
async function retryOnConflict<T>(update: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await update();
    } catch (err) {
      if (!(err instanceof ApiException && err.code === 409) || attempt === 5) throw err;
      const reason = (JSON.parse(String(err.body)) as KubeStatus).reason;
      if (reason !== "Conflict") throw new Error(`409 with reason ${reason}, not Conflict: ${String(err.body)}`, { cause: err });
    }
  }
}

/** A Deployment of sleeping busybox pods that stop at once when deleted. */
function deployment(name: string, replicas: number, labels: Record<string, string> = {}): V1Deployment {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, labels },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { terminationGracePeriodSeconds: 2, containers: [{ name: "main", image: TEST_IMAGE, command: ["sleep", "3600"] }] },
      },
    },
  };
}

describe("@kubernetes/client-node against skiff", () => {
  it("the example programs create my-pod and my-deployment, which come up", async () => {
    const pod = await example("create-pod.js");
    expect(pod.code, pod.stderr).toBe(0);
    expect(pod.stdout).toMatch(/Created pod "my-pod" \(uid [0-9a-f-]+, image skiff-test\/busybox:1\)/);
    const dep = await example("create-deployment.js");
    expect(dep.code, dep.stderr).toBe(0);
    expect(dep.stdout).toContain('Created deployment "my-deployment"');
    expect(dep.stdout).toContain("3 replicas of skiff-test/busybox:1");

    await eventually(async () => expect((await core.readNamespacedPod({ name: "my-pod", namespace })).status?.phase).toBe("Running"), 60_000);
    await eventually(async () => {
      const d = await apps.readNamespacedDeployment({ name: "my-deployment", namespace });
      expect(d.status?.availableReplicas).toBe(3);
    }, 60_000);
    const pods = await core.listNamespacedPod({ namespace, labelSelector: "app=my-app" });
    expect(pods.items).toHaveLength(3);

    const again = await example("create-pod.js");
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('Pod "my-pod" already exists');
  });

  it("lists carry a resourceVersion; errors are ApiExceptions with Kubernetes' Status", async () => {
    const list = await core.listNamespacedPod({ namespace });
    expect(list.metadata?.resourceVersion).toMatch(/^\d+$/);
    expect(list.items.map((p) => p.metadata?.name)).toContain("my-pod");

    const mine = await core.readNamespacedPod({ name: "my-pod", namespace });
    const exists = await apiError(core.createNamespacedPod({ namespace, body: { metadata: { name: "my-pod" }, spec: mine.spec } }));
    expect(exists.code).toBe(409);
    expect(exists.status).toMatchObject({ kind: "Status", reason: "AlreadyExists", code: 409 });

    const missing = await apiError(core.readNamespacedPod({ name: "no-such-pod", namespace }));
    expect(missing.code).toBe(404);
    expect(missing.status).toMatchObject({ reason: "NotFound", message: 'pods "no-such-pod" not found' });

    const negative = await apiError(apps.createNamespacedDeployment({ namespace, body: deployment("cn-invalid", -1) }));
    expect(negative.code).toBe(422);
    expect(negative.status?.reason).toBe("Invalid");
    expect(negative.status?.details?.causes?.map((c) => c.field)).toContain("spec.replicas");

    const noImage = await apiError(core.createNamespacedPod({ namespace, body: { metadata: { name: "cn-no-image" }, spec: { containers: [{ name: "main" }] } } }));
    expect(noImage.code).toBe(422);
    expect(noImage.status?.details?.causes?.map((c) => c.field)).toContain("spec.containers[0].image");
  });

  it("patches a Deployment as JSON patch (the default) and merge patch, and scales it", async () => {
    await apps.createNamespacedDeployment({ namespace, body: deployment("cn-patch", 0) });

    const jsonPatched = await apps.patchNamespacedDeployment({
      name: "cn-patch",
      namespace,
      body: [{ op: "add", path: "/metadata/labels", value: { patched: "json" } }],
    });
    expect(jsonPatched.metadata?.labels).toEqual({ patched: "json" });

    const merged = await apps.patchNamespacedDeployment(
      { name: "cn-patch", namespace, body: { metadata: { labels: { merged: "yes" } }, spec: { replicas: 2 } } },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    );
    expect(merged.metadata?.labels).toEqual({ patched: "json", merged: "yes" });
    expect(merged.spec?.replicas).toBe(2);

    // Read, change, write back with the resourceVersion read: the controllers write the
    // Deployment's status meanwhile, so a 409 Conflict means "read again" (client-go's RetryOnConflict).
    const scaled = await retryOnConflict(async () => {
      const scale = await apps.readNamespacedDeploymentScale({ name: "cn-patch", namespace });
      expect(scale).toMatchObject({ kind: "Scale", apiVersion: "autoscaling/v1", spec: { replicas: 2 } });
      return apps.replaceNamespacedDeploymentScale({ name: "cn-patch", namespace, body: { ...scale, spec: { replicas: 1 } } });
    });
    expect(scaled.spec?.replicas).toBe(1);
    expect((await apps.readNamespacedDeployment({ name: "cn-patch", namespace })).spec?.replicas).toBe(1);
  });

  it("a Watch sees a ConfigMap ADDED, MODIFIED and DELETED", async () => {
    const list = await core.listNamespacedConfigMap({ namespace });
    const seen: string[] = [];
    const watching = await new Watch(kc).watch(
      `/api/v1/namespaces/${namespace}/configmaps`,
      { resourceVersion: list.metadata?.resourceVersion },
      (type, obj: { metadata?: { name?: string } }) => {
        if (obj.metadata?.name === "cn-watched") seen.push(type);
      },
      () => undefined,
    );
    cleanups.push(() => watching.abort());

    await core.createNamespacedConfigMap({ namespace, body: { metadata: { name: "cn-watched" }, data: { n: "1" } } });
    await core.patchNamespacedConfigMap({ name: "cn-watched", namespace, body: { data: { n: "2" } } }, setHeaderOptions("Content-Type", PatchStrategy.MergePatch));
    await core.deleteNamespacedConfigMap({ name: "cn-watched", namespace });
    await eventually(async () => expect(seen).toEqual(["ADDED", "MODIFIED", "DELETED"]));
    watching.abort();
  });

  it("an informer keeps a correct cache across server restarts, and relists after a 410", async () => {
    const path = `/apis/apps/v1/namespaces/${namespace}/deployments`;
    const labelSelector = "informer=cn";
    let lists = 0;
    const informer = makeInformer<V1Deployment>(
      kc,
      path,
      () => {
        lists++;
        return apps.listNamespacedDeployment({ namespace, labelSelector });
      },
      labelSelector,
    );
    // client-node stops an informer on a connection error: restart it, as its README shows.
    let paused = false;
    informer.on("error", () => {
      if (!paused) setTimeout(() => void (paused || informer.start()), 300);
    });
    cleanups.push(() => {
      paused = true;
      return informer.stop();
    });
    // The revision the informer will watch from next: that of the last event it received.
    let informerRv = "";
    informer.on("change", (d) => (informerRv = d.metadata?.resourceVersion ?? informerRv));
    const cached = () => informer.list(namespace).map((d) => d.metadata?.name).sort();
    await informer.start();

    await apps.createNamespacedDeployment({ namespace, body: deployment("inf-a", 0, { informer: "cn" }) });
    await eventually(async () => expect(cached()).toEqual(["inf-a"]));

    // 1. A plain restart: the watch re-opens from its last resourceVersion, no relist needed.
    await cluster.server.stop();
    await restartedServer();
    const applied = await cluster.skiff(["apply", "-f", "-"], JSON.stringify(deployment("inf-b", 0, { informer: "cn" })));
    expect(applied.code, applied.stderr).toBe(0);
    await eventually(async () => expect(cached()).toEqual(["inf-a", "inf-b"]), 20_000, () => cluster.server.logs);
    expect(lists).toBe(1);

    // 2. The informer is away (stopped) while inf-a is deleted and the server restarts with its
    // history compacted past the informer's revision, as etcd compacts. Watching from there gets an
    // ERROR event with code 410; the informer lists again and learns of the deletion from the list.
    paused = true;
    await informer.stop();
    const staleRv = informerRv;
    await apps.deleteNamespacedDeployment({ name: "inf-a", namespace });
    await core.createNamespacedConfigMap({ namespace, body: { metadata: { name: "cn-later" } } });
    await cluster.server.stop();
    const store = await LevelStore.open(cluster.server.dataDir, { historySize: 1 }); // keeps only the last revision
    const revision = store.revision();
    await store.close();
    expect(Number(staleRv)).toBeLessThan(revision - 1);
    await restartedServer();

    // One ERROR event, then the server ends the stream.
    const expired = await watchToEnd(path, staleRv);
    expect(expired).toEqual([{ type: "ERROR", code: 410, reason: "Expired" }]);

    const deleted: string[] = [];
    informer.on("delete", (d) => deleted.push(d.metadata?.name ?? ""));
    paused = false;
    await informer.start();
    await eventually(async () => expect(lists).toBe(2), 20_000, () => cluster.server.logs);
    expect(cached()).toEqual(["inf-b"]);
    expect(deleted).toEqual(["inf-a"]);
    // The same JSON through the skiff SDK, whose types are its own.
    await cluster.client.deployments.create(deployment("inf-c", 0, { informer: "cn" }) as unknown as Deployment);
    await eventually(async () => expect(cached()).toEqual(["inf-b", "inf-c"]));
  });

  it("a wrong token gets 401 Unauthorized", async () => {
    const token = kc.getCurrentUser()?.token;
    expect(token).toBeTruthy();
    const text = await readFile(cluster.server.kubeconfigPath, "utf8");
    const bad = new KubeConfig();
    bad.loadFromString(text.replace(token as string, "abcdef.0123456789abcdef"));
    const denied = await apiError(bad.makeApiClient(CoreV1Api).listNamespacedPod({ namespace }));
    expect(denied.code).toBe(401);

    // client-node drops a 401's body; the Status underneath, read directly:
    const kubeCluster = kc.getCurrentCluster();
    const status = await new Promise<{ code?: number; body: KubeStatus }>((resolve, reject) => {
      const req = request(`${kubeCluster?.server}/api/v1/namespaces/default/pods`, { ca: Buffer.from(kubeCluster?.caData ?? "", "base64"), headers: { Authorization: "Bearer abcdef.0123456789abcdef" } }, (res) => {
        let data = "";
        res.on("data", (d) => (data += d));
        res.on("end", () => resolve({ code: res.statusCode, body: JSON.parse(data) as KubeStatus }));
      });
      req.on("error", reject);
      req.end();
    });
    expect(status.code).toBe(401);
    expect(status.body).toMatchObject({ kind: "Status", reason: "Unauthorized", code: 401 });
  });
});
