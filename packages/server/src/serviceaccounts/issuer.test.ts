import { generateKeyPairSync } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NotFoundError, PermissionDeniedError, ValidationError, type ApiObject } from "@skiff/api";
import { LevelStore } from "@skiff/store";
import { ServiceAccountTokenIssuer } from "./issuer.js";
import { signingKey, verifyToken } from "./token.js";

const key = signingKey(generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }) as string);
let dir: string;
let store: LevelStore;
let issuer: ServiceAccountTokenIssuer;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "sa-issuer-"));
  store = await LevelStore.open(dir);
  issuer = new ServiceAccountTokenIssuer(store, key, 120);
  await store.create({ apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "default", namespace: "team-a", uid: "sa-1" } } as ApiObject);
  const pod = (name: string, node: string, automount?: boolean) =>
    ({ apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "team-a", uid: `uid-${name}` }, spec: { nodeName: node, serviceAccountName: "default", containers: [], ...(automount === false ? { automountServiceAccountToken: false } : {}) } }) as unknown as ApiObject;
  await store.create(pod("web", "n1"));
  await store.create(pod("quiet", "n1", false));
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe("ServiceAccountTokenIssuer", () => {
  it("gives a node a token, of the server's lifetime, bound to a pod of its own", async () => {
    const { token, expiresAtMs } = await issuer.forPod("n1", "team-a", "web", "uid-web");
    expect(expiresAtMs - Date.now()).toBeGreaterThan(110_000);
    expect(verifyToken(token, key, Date.now())).toMatchObject({ claims: { serviceAccount: { name: "default", uid: "sa-1" }, pod: { name: "web", uid: "uid-web" }, node: "n1" } });
  });

  it("refuses another node's pod, a pod that mounts no token, and a pod gone", async () => {
    await expect(issuer.forPod("n2", "team-a", "web", "uid-web")).rejects.toThrow(PermissionDeniedError);
    await expect(issuer.forPod("n1", "team-a", "quiet", "uid-quiet")).rejects.toThrow(/automountServiceAccountToken: false/);
    await expect(issuer.forPod("n1", "team-a", "web", "uid-old")).rejects.toThrow(NotFoundError);
  });

  it("answers a TokenRequest of at least ten minutes, as Kubernetes", async () => {
    await expect(issuer.request("team-a", "default", { expirationSeconds: 599 })).rejects.toThrow(ValidationError);
    const { token, expiresAtMs } = await issuer.request("team-a", "default", { expirationSeconds: 600, boundObjectRef: { kind: "Pod", name: "web" } });
    expect(Math.round((expiresAtMs - Date.now()) / 1000)).toBeGreaterThanOrEqual(598);
    expect(verifyToken(token, key, Date.now())).toMatchObject({ claims: { pod: { uid: "uid-web" } } });
    await expect(issuer.request("team-a", "nobody")).rejects.toThrow('serviceaccounts "nobody" not found');
  });

  it("reads the pod and account from the cache when it fits, and from the store when the cache is behind", async () => {
    const reads: string[] = [];
    const counting = new Proxy(store, { get: (t, prop) => (prop === "get" ? (ref: { kind: string; name: string }) => (reads.push(`${ref.kind}/${ref.name}`), t.get(ref as never)) : Reflect.get(t, prop)) });
    const stored = async (kind: string, name: string) => (await store.get({ kind, namespace: "team-a", name }))!;
    const cache = new Map<string, ApiObject>([["Pod/web", await stored("Pod", "web")], ["ServiceAccount/default", await stored("ServiceAccount", "default")]]);
    const cached = new ServiceAccountTokenIssuer(counting, key, 120, Date.now, { cached: (kind, _ns, name) => cache.get(`${kind}/${name}`) });
    await cached.forPod("n1", "team-a", "web", "uid-web");
    expect(reads).toEqual([]);
    // A pod the cache has not seen bound yet (no nodeName), or not at all: the store answers.
    const unbound = (await stored("Pod", "web")) as unknown as { spec: Record<string, unknown> };
    cache.set("Pod/web", { ...unbound, spec: { ...unbound.spec, nodeName: undefined } } as unknown as ApiObject);
    await cached.forPod("n1", "team-a", "web", "uid-web");
    cache.delete("Pod/web");
    await cached.forPod("n1", "team-a", "web", "uid-web");
    expect(reads).toEqual(["Pod/web", "Pod/web"]);
    // And what the store says stands: a pod of another node is refused even if read from the store.
    await expect(cached.forPod("n2", "team-a", "web", "uid-web")).rejects.toThrow(PermissionDeniedError);
  });
});
