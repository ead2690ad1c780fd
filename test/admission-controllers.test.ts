// One admission chain for every write, with real Docker: the pods a Deployment's ReplicaSet makes
// go through the same admission as a user's (packages/server/src/admission/). A validating
// webhook (examples/admission-webhook/, on 127.0.0.1 with a certificate this test makes) that
// refuses pods without a `team` label blocks a Deployment's pods: a FailedCreate event carries its
// words and no pod is made; once its configuration is deleted the Deployment converges. The
// mutating webhook's label is on a Deployment's pods, and they get `serviceAccountName: default`
// and the token mount from ServiceAccount admission.
import { spawn, type ChildProcess } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiObject, Pod } from "@skiff/api";
import { issueServerCertificate, makeCA } from "../packages/server/src/security/ca.js";
import { TEST_IMAGE, TestCluster, eventually } from "./support/cluster.js";
import { REPO, freePort, tempDir } from "./support/skiff.js";

const WEBHOOK = join(REPO, "examples/dist/admission-webhook/webhook.js");
const TOKEN_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

let cluster: TestCluster;
let ns: string;
let dir: { path: string; remove(): Promise<void> };
let webhook: ChildProcess | undefined;
let webhookLogs = "";

const deployment = (name: string, labels: Record<string, string>) =>
  ({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: ns },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name, ...labels } }, spec: { containers: [{ name: "main", image: TEST_IMAGE, command: ["sleep", "3600"] }], terminationGracePeriodSeconds: 1 } },
    },
  }) as unknown as ApiObject;

function configurations(port: number, caBundle: string): ApiObject[] {
  const hook = (name: string, path: string) => ({
    name,
    clientConfig: { url: `https://127.0.0.1:${port}${path}`, caBundle },
    rules: [{ operations: ["CREATE", "UPDATE"], apiGroups: [""], apiVersions: ["v1"], resources: ["pods"] }],
    namespaceSelector: { matchLabels: { "webhook-test": ns } },
    sideEffects: "None",
    admissionReviewVersions: ["v1"],
  });
  return [
    { apiVersion: "admissionregistration.k8s.io/v1", kind: "ValidatingWebhookConfiguration", metadata: { name: `${ns}-validating` }, webhooks: [hook("team.webhooks.example.com", "/validate")] },
    { apiVersion: "admissionregistration.k8s.io/v1", kind: "MutatingWebhookConfiguration", metadata: { name: `${ns}-mutating` }, webhooks: [hook("add-label.webhooks.example.com", "/mutate")] },
  ] as unknown as ApiObject[];
}

const podsOf = async (app: string) => (await cluster.client.pods.list({ namespace: ns, labelSelector: `app=${app}` })).items as Pod[];

beforeAll(async () => {
  cluster = await TestCluster.start({ agents: 1 });
  ns = `adm-${cluster.run}`;
  dir = await tempDir("admission-controllers");
  const ca = await makeCA();
  const tls = await issueServerCertificate(ca, ["127.0.0.1"]);
  await writeFile(join(dir.path, "tls.crt"), tls.certPem);
  await writeFile(join(dir.path, "tls.key"), tls.keyPem);
  const port = await freePort();
  webhook = spawn(process.execPath, [WEBHOOK, "--cert", join(dir.path, "tls.crt"), "--key", join(dir.path, "tls.key"), "--port", String(port)], { stdio: ["ignore", "pipe", "pipe"] });
  webhook.stdout?.on("data", (d) => (webhookLogs += d));
  webhook.stderr?.on("data", (d) => (webhookLogs += d));
  await eventually(async () => expect(webhookLogs).toContain("listening on https://127.0.0.1"), 20_000, () => webhookLogs);
  await cluster.client.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: ns, labels: { "webhook-test": ns } } } as ApiObject);
  await eventually(() => cluster.client.serviceAccounts.get("default", { namespace: ns }), 30_000);
  for (const c of configurations(port, Buffer.from(ca.certPem).toString("base64"))) await cluster.client.create(c);
  // The server reads configurations from an informer: wait until a user's pod meets them.
  let attempt = 0;
  const probe = () => ({ apiVersion: "v1", kind: "Pod", metadata: { name: `probe-${++attempt}`, namespace: ns }, spec: { containers: [{ name: "c", image: TEST_IMAGE }] } }) as unknown as ApiObject;
  await eventually(async () => expect(await cluster.client.create(probe()).then(() => "created", (e: Error) => e.message)).toContain("denied the request"), 30_000);
}, 120_000);

afterAll(async () => {
  webhook?.kill("SIGKILL");
  await cluster?.dispose();
  await dir?.remove();
});

describe("a validating webhook and a Deployment's pods", () => {
  it("refuses the pods a Deployment's ReplicaSet makes: a FailedCreate event in the webhook's words, no pod; converges once the configuration is deleted", async () => {
    await cluster.client.create(deployment("no-team", {}));
    const failed = await eventually(async () => {
      const { items } = await cluster.client.events.list({ namespace: ns });
      const event = items.find((e) => e.reason === "FailedCreate" && e.involvedObject.kind === "ReplicaSet" && (e.involvedObject.name ?? "").startsWith("no-team-"));
      if (!event) throw new Error(`no FailedCreate yet: ${JSON.stringify(items.map((e) => `${e.reason}: ${e.message}`))}`);
      return event;
    }, 60_000);
    expect(failed.message).toMatch(/^Error creating: admission webhook "team.webhooks.example.com" denied the request: pods need a "team" label \(pod "no-team-[a-z0-9]+-[a-z0-9]+" has none\)$/);
    expect(await podsOf("no-team")).toEqual([]);
    expect((await cluster.skiff(["get", "events", "-n", ns])).stdout).toContain('denied the request: pods need a "team" label');

    await cluster.client.validatingWebhookConfigurations.delete(`${ns}-validating`);
    const started = Date.now();
    await eventually(async () => {
      const running = (await podsOf("no-team")).filter((p) => p.status?.phase === "Running");
      if (running.length < 2) throw new Error(`${running.length}/2 pods Running`);
    }, 150_000);
    console.log(`no-team: 2/2 pods Running ${Date.now() - started} ms after the validating configuration was deleted (the ReplicaSet's back-off)`);
    // The mutating webhook is still there: the pods made once the validating one went carry its label.
    for (const p of await podsOf("no-team")) expect(p.metadata.labels?.["admitted-by"]).toBe("example-webhook");
  });
});

describe("a mutating webhook and ServiceAccount admission on a Deployment's pods", () => {
  it("labels them, gives them serviceAccountName default and the token mount", async () => {
    await cluster.client.create(deployment("with-team", { team: "platform" }));
    const pods = await eventually(async () => {
      const running = (await podsOf("with-team")).filter((p) => p.status?.phase === "Running");
      if (running.length < 2) throw new Error(`${running.length}/2 pods Running`);
      return running;
    }, 90_000);
    for (const p of pods) {
      expect(p.metadata.labels).toMatchObject({ app: "with-team", team: "platform", "admitted-by": "example-webhook" });
      expect(p.spec.serviceAccountName).toBe("default");
    }
    const r = await cluster.skiff(["exec", "-n", ns, pods[0]!.metadata.name, "--", "sh", "-c", `ls ${TOKEN_DIR}; cat ${TOKEN_DIR}/namespace`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("token");
    expect(r.stdout).toContain("ca.crt");
    expect(r.stdout).toContain(ns);
    expect(webhookLogs).toMatch(new RegExp(`/mutate CREATE Pod/with-team-[a-z0-9]+-[a-z0-9]+: allowed`));
  });
});
