// Admission webhooks against a real `skiff server` (no agents, no Docker: pods are stored before
// any node runs them) and the example webhook (examples/admission-webhook/) on 127.0.0.1 with a
// certificate this test makes: a validating webhook refuses an unlabelled pod with its message
// (skiff CLI and kubectl), a mutating webhook's label is on the stored pod, and a webhook that
// never answers follows its failurePolicy (Fail: refused within timeoutSeconds; Ignore: created).
import { spawn, type ChildProcess } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SkiffClient } from "@skiff/client";
import type { Pod } from "@skiff/api";
import { issueServerCertificate, makeCA } from "../packages/server/src/security/ca.js";
import { eventually } from "./support/cluster.js";
import { Kubectl } from "./support/kubectl.js";
import { REPO, freePort, skiff, startServer, tempDir, type ServerProcess } from "./support/skiff.js";

const WEBHOOK = join(REPO, "examples/dist/admission-webhook/webhook.js");
const NS = `webhooks-${Date.now().toString(36)}`;
const TIMEOUT_SECONDS = 2;

let server: ServerProcess;
let dispose: () => Promise<void>;
let dir: { path: string; remove(): Promise<void> };
let kubectl: Kubectl;
let client: SkiffClient;
let webhook: ChildProcess | undefined;
let webhookLogs = "";

const run = (args: string[], input?: string) => skiff(args, { env: server.env, input });
const pod = (name: string, labels: Record<string, string>) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: ${NS}\n  labels: ${JSON.stringify(labels)}\nspec:\n  containers:\n  - name: c\n    image: skiff-test/busybox:1\n`;

function configurations(port: number, caBundle: string): string {
  const hook = (name: string, path: string, extra: string) => `
- name: ${name}
  clientConfig:
    url: https://127.0.0.1:${port}${path}
    caBundle: ${caBundle}
  rules:
  - operations: ["CREATE", "UPDATE"]
    apiGroups: [""]
    apiVersions: ["v1"]
    resources: ["pods"]
  namespaceSelector:
    matchLabels: {webhook-test: "${NS}"}
  sideEffects: None
  admissionReviewVersions: ["v1"]${extra}`;
  return `apiVersion: v1
kind: Namespace
metadata:
  name: ${NS}
  labels: {webhook-test: "${NS}"}
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata:
  name: ${NS}-validating
webhooks:${hook("team.webhooks.example.com", "/validate", "")}${hook("slow-fail.webhooks.example.com", "/slow", `
  objectSelector: {matchLabels: {slow: fail}}
  timeoutSeconds: ${TIMEOUT_SECONDS}
  failurePolicy: Fail`)}${hook("slow-ignore.webhooks.example.com", "/slow", `
  objectSelector: {matchLabels: {slow: ignore}}
  timeoutSeconds: ${TIMEOUT_SECONDS}
  failurePolicy: Ignore`)}
---
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: ${NS}-mutating
webhooks:${hook("add-label.webhooks.example.com", "/mutate", "")}
`;
}

beforeAll(async () => {
  ({ server, dispose } = await startServer());
  dir = await tempDir("webhooks");
  kubectl = new Kubectl(server.kubeconfigPath, join(dir.path, "home"));
  client = new SkiffClient(server.clientOptions());
  // The webhook's certificate, for 127.0.0.1, signed by a CA of its own: the caBundle.
  const ca = await makeCA();
  const tls = await issueServerCertificate(ca, ["127.0.0.1"]);
  await writeFile(join(dir.path, "tls.crt"), tls.certPem);
  await writeFile(join(dir.path, "tls.key"), tls.keyPem);
  const port = await freePort();
  webhook = spawn(process.execPath, [WEBHOOK, "--cert", join(dir.path, "tls.crt"), "--key", join(dir.path, "tls.key"), "--port", String(port)], { stdio: ["ignore", "pipe", "pipe"] });
  webhook.stdout?.on("data", (d) => (webhookLogs += d));
  webhook.stderr?.on("data", (d) => (webhookLogs += d));
  await eventually(async () => expect(webhookLogs).toContain("listening on https://127.0.0.1"), 20_000, () => webhookLogs);
  const applied = await run(["apply", "-f", "-"], configurations(port, Buffer.from(ca.certPem).toString("base64")));
  expect(applied.code, applied.stderr).toBe(0);
}, 90_000);

afterAll(async () => {
  webhook?.kill("SIGKILL");
  client?.close();
  await dispose?.();
  await dir?.remove();
});

const DENIED = 'admission webhook "team.webhooks.example.com" denied the request: pods need a "team" label (pod "no-team" has none)';

describe("a validating webhook", () => {
  it("refuses a pod without a team label, in its words, and nothing is stored (skiff CLI)", async () => {
    // The server reads configurations from an informer: the first request after the apply may precede it.
    const r = await eventually(async () => {
      const out = await run(["apply", "-f", "-"], pod("no-team", {}));
      expect(out.code).toBe(1);
      return out;
    }, 30_000);
    expect(r.stderr).toBe(`Error from server (Forbidden): ${DENIED}\n`);
    const get = await run(["get", "pod", "no-team", "-n", NS]);
    expect(get.code).toBe(1);
    expect(get.stderr).toContain("not found");
  });

  it("refuses it through kubectl too", async () => {
    const r = await kubectl.run(["apply", "-f", "-"], { input: pod("no-team", {}) });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("Error from server (Forbidden)");
    expect(r.stderr).toContain(DENIED);
    expect((await kubectl.run(["get", "pod", "no-team", "-n", NS])).stderr).toContain("NotFound");
  });

  it("is listed by kubectl and skiff", async () => {
    const listed = await kubectl.run(["get", "validatingwebhookconfigurations", `${NS}-validating`]);
    expect(listed.stdout).toMatch(new RegExp(`^NAME\\s+WEBHOOKS\\s+AGE\\n${NS}-validating\\s+3\\s+`));
    const described = await run(["describe", "mutatingwebhookconfiguration", `${NS}-mutating`]);
    expect(described.stdout).toContain("add-label.webhooks.example.com");
  });
});

describe("a mutating webhook", () => {
  it("labels the stored pod, and the validating webhook lets a labelled one through", async () => {
    const r = await run(["apply", "-f", "-"], pod("with-team", { team: "platform" }));
    expect(r.code, r.stderr).toBe(0);
    const stored = (await client.pods.get("with-team", { namespace: NS })) as Pod;
    expect(stored.metadata.labels).toEqual({ team: "platform", "admitted-by": "example-webhook" });
    const viaKubectl = await kubectl.run(["get", "pod", "with-team", "-n", NS, "-o", "jsonpath={.metadata.labels.admitted-by}"]);
    expect(viaKubectl.stdout).toBe("example-webhook");
  });
});

describe("a webhook that does not answer", () => {
  it(`under failurePolicy Fail refuses the pod within timeoutSeconds (${TIMEOUT_SECONDS} s) and a little`, async () => {
    const draft = { apiVersion: "v1", kind: "Pod", metadata: { name: "slow-fail", namespace: NS, labels: { team: "a", slow: "fail" } }, spec: { containers: [{ name: "c", image: "skiff-test/busybox:1" }] } } as Pod;
    const started = Date.now();
    const err = await client.pods.create(draft).then(() => undefined, (e: Error) => e);
    const elapsed = Date.now() - started;
    console.log(`failurePolicy Fail: refused after ${elapsed} ms (timeoutSeconds ${TIMEOUT_SECONDS})`);
    expect(err?.message).toMatch(/^failed calling webhook "slow-fail.webhooks.example.com": failed to call webhook: Post "https:\/\/127.0.0.1:\d+\/slow\?timeout=2s": context deadline exceeded$/);
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_SECONDS * 1000 - 50);
    expect(elapsed).toBeLessThan(TIMEOUT_SECONDS * 1000 + 2000);
    const cli = await run(["apply", "-f", "-"], pod("slow-fail", { team: "a", slow: "fail" }));
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('failed calling webhook "slow-fail.webhooks.example.com"');
    expect((await run(["get", "pod", "slow-fail", "-n", NS])).code).toBe(1);
  });

  it("under failurePolicy Ignore lets the pod be created, and the server says why in its log", async () => {
    const r = await run(["apply", "-f", "-"], pod("slow-ignore", { team: "a", slow: "ignore" }));
    expect(r.code, r.stderr).toBe(0);
    expect((await client.pods.get("slow-ignore", { namespace: NS })).metadata.labels?.["admitted-by"]).toBe("example-webhook");
    expect(server.logs).toMatch(/failed calling webhook \\"slow-ignore.webhooks.example.com\\".*context deadline exceeded \(failurePolicy Ignore: the request goes on\)/);
    expect(server.logs).toContain(`"object":"Pod/${NS}/slow-ignore"`);
  });
});
