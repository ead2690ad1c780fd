// The order of calls and what each answer does, with the configurations in a real store and the
// HTTPS call replaced by an answering function (call.test.ts tests the real call).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ValidationError, validateObject, type ApiObject, type Webhook } from "@skiff/api";
import { LevelStore } from "@skiff/store";
import { createLogger } from "../log.js";
import { CallError, type WebhookTarget } from "./call.js";
import { WebhookDeniedError, WebhookFailedError } from "./errors.js";
import { WebhookAdmission } from "./webhook-admission.js";

type Answer = (path: string, request: { uid: string; object: ApiObject | null; oldObject: ApiObject | null; operation: string }) => Record<string, unknown> | Error;

let dir: string;
let store: LevelStore;
let stop: AbortController;
let calls: string[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "skiff-webhooks-"));
  store = await LevelStore.open(dir);
  stop = new AbortController();
  calls = [];
});

afterEach(async () => {
  stop.abort();
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const hook = (name: string, path: string, over: Partial<Webhook> = {}): Webhook => ({
  name, clientConfig: { url: `https://127.0.0.1:9443${path}` }, sideEffects: "None", admissionReviewVersions: ["v1"],
  rules: [{ operations: ["*"], apiGroups: [""], apiVersions: ["v1"], resources: ["pods"] }], ...over,
});

async function admission(configs: { kind: string; name: string; webhooks: Webhook[] }[], answer: Answer): Promise<WebhookAdmission> {
  for (const c of configs) await store.create(validateObject({ apiVersion: "admissionregistration.k8s.io/v1", kind: c.kind, metadata: { name: c.name }, webhooks: c.webhooks }).object);
  const call = async (target: WebhookTarget, review: unknown) => {
    const request = (review as { request: Parameters<Answer>[1] }).request;
    calls.push(`${target.url.pathname} ${request.operation}`);
    const out = answer(target.url.pathname, request);
    if (out instanceof Error) throw out;
    return { apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview", response: { uid: request.uid, ...out } };
  };
  const a = new WebhookAdmission(store, createLogger("silent"), call);
  await a.start(stop.signal);
  return a;
}

const pod = (labels: Record<string, string> = {}) => validateObject({ apiVersion: "v1", kind: "Pod", metadata: { name: "web", labels }, spec: { containers: [{ name: "c", image: "nginx" }] } });
const patch = (ops: unknown[]) => ({ allowed: true, patchType: "JSONPatch", patch: Buffer.from(JSON.stringify(ops)).toString("base64") });

describe("admission by webhooks", () => {
  it("calls mutating webhooks in configuration-name order, each seeing the last one's patch, then the validating ones on the result", async () => {
    const a = await admission(
      [
        { kind: "MutatingWebhookConfiguration", name: "b-second", webhooks: [hook("second.example.com", "/second")] },
        { kind: "MutatingWebhookConfiguration", name: "a-first", webhooks: [hook("first.example.com", "/first")] },
        { kind: "ValidatingWebhookConfiguration", name: "check", webhooks: [hook("check.example.com", "/check")] },
      ],
      (path, r) => {
        if (path === "/first") return patch([{ op: "add", path: "/metadata/labels/first", value: "1" }]);
        if (path === "/second") return patch([{ op: "add", path: "/metadata/labels/second", value: r.object?.metadata.labels?.first ?? "missing" }]);
        return r.object?.metadata.labels?.second === "1" ? { allowed: true, warnings: ["checked"] } : { allowed: false };
      },
    );
    const [out] = await a.admit([pod({ app: "web" })], { operation: "CREATE" });
    expect(calls).toEqual(["/first CREATE", "/second CREATE", "/check CREATE"]);
    expect(out!.object.metadata.labels).toEqual({ app: "web", first: "1", second: "1" });
    expect(out!.warnings).toContain("checked");
  });

  it("refuses with the webhook's message", async () => {
    const deny = await admission([{ kind: "ValidatingWebhookConfiguration", name: "deny", webhooks: [hook("deny.example.com", "/deny")] }], () => ({ allowed: false, status: { message: "no pods today" } }));
    await expect(deny.admit([pod()])).rejects.toThrow(new WebhookDeniedError('admission webhook "deny.example.com" denied the request: no pods today', 403));
  });

  it("validates what a mutating webhook made", async () => {
    const a = await admission([{ kind: "MutatingWebhookConfiguration", name: "m", webhooks: [hook("bad.example.com", "/bad")] }], () => patch([{ op: "replace", path: "/spec/containers/0/image", value: 42 }]));
    const err = await a.admit([pod()]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as Error).message).toContain("spec.containers[0].image");
  });

  it("follows failurePolicy: Ignore goes on, Fail refuses naming the webhook", async () => {
    const down = new CallError('failed to call webhook: Post "https://127.0.0.1:9443/x?timeout=10s": context deadline exceeded');
    const a = await admission(
      [{ kind: "ValidatingWebhookConfiguration", name: "v", webhooks: [hook("lenient.example.com", "/x", { failurePolicy: "Ignore" }), hook("strict.example.com", "/x", { objectSelector: { matchLabels: { strict: "yes" } } })] }],
      () => down,
    );
    expect((await a.admit([pod()]))[0]!.object.metadata.name).toBe("web");
    await expect(a.admit([pod({ strict: "yes" })])).rejects.toThrow(new WebhookFailedError(`failed calling webhook "strict.example.com": ${down.message}`));
  });

  it("asks on delete with the stored object, and never sends webhook configurations to webhooks", async () => {
    const a = await admission([{ kind: "ValidatingWebhookConfiguration", name: "v", webhooks: [hook("all.example.com", "/all", { rules: [{ operations: ["*"], apiGroups: ["*"], apiVersions: ["*"], resources: ["*"] }] })] }], (_p, r) =>
      r.operation === "DELETE" && r.oldObject?.metadata.name === "web" && r.object === null ? { allowed: false, status: { message: "keep it" } } : { allowed: true });
    await expect(a.admitDelete(pod().object, false)).rejects.toThrow("keep it");
    const config = validateObject({ apiVersion: "admissionregistration.k8s.io/v1", kind: "ValidatingWebhookConfiguration", metadata: { name: "other" }, webhooks: [] });
    await a.admit([config]);
    expect(calls).toEqual(["/all DELETE"]);
  });
});
