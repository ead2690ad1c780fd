// ServiceAccounts with real Docker: a pod's own identity reaches the Kubernetes API from inside
// its container (HTTPS to $KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT, the `kubernetes`
// Service forwarded by the agent's proxy) and RBAC limits it; the projected token expires and is
// rotated in place (the server runs with --service-account-token-ttl 20s: rotated at 16 s).
import { readFile } from "node:fs/promises";
import { request } from "node:https";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiObject, Pod } from "@skiff/api";
import { loadConfig } from "@skiff/client";
import { TEST_IMAGE, TestCluster, eventually } from "./support/cluster.js";

const TTL_SECONDS = 20;
const DIR = "/var/run/secrets/kubernetes.io/serviceaccount";
let cluster: TestCluster;
let ns: string;
let api: { url: string; ca: string };

const pod = (name: string, spec: Record<string, unknown> = {}) =>
  ({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: ns },
    spec: { containers: [{ name: "main", image: TEST_IMAGE, command: ["sleep", "3600"] }], terminationGracePeriodSeconds: 1, ...spec },
  }) as unknown as ApiObject;

const exec = async (podName: string, script: string) => cluster.skiff(["exec", "-n", ns, podName, "--", "sh", "-c", script]);
/** List the pods of the namespace from inside `podName`, with the token in `tokenFile`. */
const listFromPod = (podName: string, tokenFile = `${DIR}/token`) =>
  exec(podName, `timeout 10 wget -q -O - --header "Authorization: Bearer $(cat ${tokenFile})" "https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT/api/v1/namespaces/$(cat ${DIR}/namespace)/pods" 2>&1`);

/** A GET of the Kubernetes API from the test, with a bearer token: the HTTP status. */
function statusWith(token: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${api.url}${path}`, { ca: api.ca, headers: { authorization: `Bearer ${token}` } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end();
  });
}

/** A POST of JSON to the Kubernetes API with a bearer token: the status and the parsed answer. */
function post(token: string, path: string, body: unknown): Promise<{ code: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(`${api.url}${path}`, { method: "POST", ca: api.ca, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" } }, (res) => {
      let text = "";
      res.on("data", (d) => (text += d));
      res.on("end", () => resolve({ code: res.statusCode ?? 0, json: JSON.parse(text) as Record<string, unknown> }));
    });
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
}

beforeAll(async () => {
  cluster = await TestCluster.start({
    agents: 1,
    serverArgs: ["--heartbeat-period", "500ms", "--node-grace", "3", "--eviction-timeout", "3s", "--service-account-token-ttl", `${TTL_SECONDS}s`],
  });
  ns = `sa-${cluster.run}`;
  const kubeconfig = await readFile(cluster.server.kubeconfigPath, "utf8");
  api = { url: /server: (https:\/\/\S+)/.exec(kubeconfig)![1]!, ca: loadConfig(cluster.server.configPath).ca! };
  const c = cluster.client;
  await c.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: ns } } as ApiObject);
  await eventually(() => c.serviceAccounts.get("default", { namespace: ns }), 30_000);
  await c.create({ apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "reader", namespace: ns } } as ApiObject);
  await c.create({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: { name: "pod-reader", namespace: ns }, rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get", "list"] }] } as unknown as ApiObject);
  await c.create({
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "RoleBinding",
    metadata: { name: "reader-reads", namespace: ns },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "pod-reader" },
    subjects: [{ kind: "ServiceAccount", name: "reader", namespace: ns }],
  } as unknown as ApiObject);
  for (const p of [pod("allowed", { serviceAccountName: "reader" }), pod("denied"), pod("no-token", { automountServiceAccountToken: false })]) await c.create(p);
  await eventually(async () => {
    const { items } = await c.pods.list({ namespace: ns });
    const running = items.filter((p) => p.status?.phase === "Running");
    if (running.length < 3) throw new Error(`${running.length}/3 pods Running: ${JSON.stringify(items.map((p) => p.status?.containerStatuses?.[0]?.state))}`);
  }, 90_000, () => cluster.agents.map((a) => a.logs.slice(-3000)).join("\n"));
}, 180_000);

afterAll(async () => {
  await cluster?.dispose();
});

describe("ServiceAccounts", () => {
  it("gives each namespace a default account and each pod one (default when none is named)", async () => {
    const denied = (await cluster.client.pods.get("denied", { namespace: ns })) as Pod;
    expect(denied.spec.serviceAccountName).toBe("default");
    const r = await cluster.skiff(["get", "serviceaccounts", "-n", ns]);
    expect(r.stdout).toMatch(/^NAME\s+SECRETS\s+AGE/);
    expect(r.stdout).toMatch(/^default\s+0\s/m);
    expect(r.stdout).toMatch(/^reader\s+0\s/m);
    // Deleted, it is made again (as Kubernetes' serviceaccounts-controller). In `default`, where
    // no pod of this test runs: the tokens of the old account's pods stop working (its uid changed).
    const before = await cluster.client.serviceAccounts.get("default");
    await cluster.client.serviceAccounts.delete("default");
    await eventually(async () => {
      const again = await cluster.client.serviceAccounts.get("default");
      if (again.metadata.uid === before.metadata.uid) throw new Error("not made again yet");
    }, 30_000);
  });

  it("refuses a pod naming an account that does not exist, in Kubernetes' words", async () => {
    const r = await cluster.skiff(["apply", "-f", "-"], JSON.stringify(pod("ghost", { serviceAccountName: "nobody" })));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`pods "ghost" is forbidden: error looking up service account ${ns}/nobody: serviceaccount "nobody" not found`);
  });

  it("mounts token, ca.crt and namespace read-only, and sets KUBERNETES_SERVICE_HOST/PORT", async () => {
    const r = await exec("allowed", `ls ${DIR}; cat ${DIR}/namespace; echo; head -1 ${DIR}/ca.crt; env | grep ^KUBERNETES_SERVICE; touch ${DIR}/x 2>&1 || echo read-only`);
    expect(r.stdout).toContain("ca.crt");
    expect(r.stdout).toContain("token");
    expect(r.stdout).toContain(ns);
    expect(r.stdout).toContain("-----BEGIN CERTIFICATE-----");
    expect(r.stdout).toMatch(/KUBERNETES_SERVICE_HOST=\d+\.\d+\.\d+\.\d+/);
    expect(r.stdout).toContain("KUBERNETES_SERVICE_PORT=443");
    expect(r.stdout).toContain("KUBERNETES_SERVICE_PORT_HTTPS=443");
    expect(r.stdout).toContain("read-only");
    const none = await exec("no-token", `ls ${DIR} 2>&1 || echo absent`);
    expect(none.stdout).toContain("absent");
  });

  it("lists pods of its namespace from inside the pod when its Role allows it, and is refused (403) when not", async () => {
    const allowed = await eventually(async () => {
      const r = await listFromPod("allowed");
      if (!r.stdout.includes('"kind":"PodList"')) throw new Error(`no PodList: ${r.stdout} ${r.stderr}`);
      return r.stdout;
    }, 30_000);
    expect(allowed).toContain('"name":"denied"');
    const denied = await listFromPod("denied");
    expect(denied.stdout).toContain("403 Forbidden");
    expect(denied.stdout).not.toContain('"kind":"PodList"');
  });

  it("rotates the token in place before it expires: no restart, a new token that works, the old one refused after expiry", async () => {
    const first = (await exec("allowed", `cat ${DIR}/token`)).stdout.trim();
    const exp = JSON.parse(Buffer.from(first.split(".")[1]!, "base64url").toString()) as { iat: number; exp: number };
    expect(exp.exp - exp.iat).toBe(TTL_SECONDS);
    expect(await statusWith(first, `/api/v1/namespaces/${ns}/pods`)).toBe(200);
    // Rotated at 80% of the life (16 s): well before expiry.
    const second = await eventually(async () => {
      const t = (await exec("allowed", `cat ${DIR}/token`)).stdout.trim();
      if (t === first || t === "") throw new Error("not rotated yet");
      return t;
    }, 60_000);
    // When the agent rotated it is in the new token (its issue time), not when this slow poll saw it.
    const next = JSON.parse(Buffer.from(second.split(".")[1]!, "base64url").toString()) as { iat: number };
    console.log(`token rotated ${next.iat - exp.iat} s after it was issued (ttl ${TTL_SECONDS} s; seen by the test ${(Date.now() / 1000 - exp.iat).toFixed(1)} s after)`);
    expect(next.iat - exp.iat).toBeGreaterThanOrEqual(TTL_SECONDS * 0.8 - 1);
    expect(next.iat - exp.iat).toBeLessThan(TTL_SECONDS);
    const now = (await cluster.client.pods.get("allowed", { namespace: ns })) as Pod;
    expect(now.status?.containerStatuses?.[0]?.restartCount).toBe(0);
    expect((await listFromPod("allowed")).stdout).toContain('"kind":"PodList"');
    expect(await statusWith(second, `/api/v1/namespaces/${ns}/pods`)).toBe(200);
    await eventually(async () => {
      const code = await statusWith(first, `/api/v1/namespaces/${ns}/pods`);
      if (code !== 401) throw new Error(`old token: ${code}`);
    }, 60_000);
    expect(Date.now() / 1000).toBeGreaterThanOrEqual(exp.exp);
  }, 150_000);

  it("answers a TokenRequest (create serviceaccounts/token), at least ten minutes long, whose token acts as the account", async () => {
    const admin = loadConfig(cluster.server.configPath).token!;
    const path = `/api/v1/namespaces/${ns}/serviceaccounts/reader/token`;
    const short = await post(admin, path, { apiVersion: "authentication.k8s.io/v1", kind: "TokenRequest", spec: { expirationSeconds: 60 } });
    expect(short.code).toBe(422);
    expect(JSON.stringify(short.json)).toContain("may not specify a duration less than 10 minutes");
    const ok = await post(admin, path, { apiVersion: "authentication.k8s.io/v1", kind: "TokenRequest", spec: { expirationSeconds: 600 } });
    expect(ok.code).toBe(201);
    const token = (ok.json.status as { token: string }).token;
    expect(await statusWith(token, `/api/v1/namespaces/${ns}/pods`)).toBe(200);
    expect(await statusWith(token, `/api/v1/namespaces/${ns}/secrets`)).toBe(403);
  });

  it("refuses a pod's token once the pod is deleted", async () => {
    const token = (await exec("denied", `cat ${DIR}/token`)).stdout.trim();
    // The default account may discover the API (system:discovery): 200 while the pod lives.
    expect(await statusWith(token, "/api")).toBe(200);
    await cluster.client.pods.delete("denied", { namespace: ns });
    await eventually(async () => {
      const code = await statusWith(token, "/api");
      if (code !== 401) throw new Error(`deleted pod's token: ${code}`);
    }, 30_000);
  }, 60_000);
});
