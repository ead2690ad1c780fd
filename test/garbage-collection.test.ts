// Deletion and the garbage collector, in process: a server running only the collector (no
// ReplicaSet or Deployment controller, so nothing recreates what it deletes), driven by the SDK.
// Owner chains are built by hand: Deployment -> ReplicaSet -> Pods, each reference by uid.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import { NotFoundError, type ApiObject, type OwnerReference } from "@skiff/api";
import { SkiffClient } from "@skiff/client";
import { serve, type RunningServer } from "@skiff/server";
import { garbageCollector } from "../packages/server/src/controllers/garbage-collector/index.js";
import { tempDir } from "./support/skiff.js";
import { eventually } from "./support/cluster.js";

const log = pino({ level: "silent" });
let server: RunningServer;
let client: SkiffClient;
let removeDir: () => Promise<void>;

beforeAll(async () => {
  const dir = await tempDir("gc");
  removeDir = dir.remove;
  server = await serve({
    dataDir: dir.path,
    listen: "127.0.0.1:0",
    logger: log,
    // The collector alone, wired as the server wires it: a ReplicaSet controller would recreate
    // the pods we watch go.
    controllers: [garbageCollector],
    insecure: true,
  });
  client = new SkiffClient({ server: server.address, insecure: true });
});

afterAll(async () => {
  client?.close();
  await server?.close();
  await removeDir?.();
});

const create = (obj: ApiObject) => client.create<ApiObject>(obj);
const labels = { app: "web" };
const podSpec = { containers: [{ name: "main", image: "busybox:1", command: ["sleep", "3600"] }] };
const refTo = (owner: ApiObject, extra: Partial<OwnerReference> = {}): OwnerReference => ({
  apiVersion: owner.apiVersion,
  kind: owner.kind,
  name: owner.metadata.name,
  uid: owner.metadata.uid ?? "",
  controller: true,
  blockOwnerDeletion: true,
  ...extra,
});

/** A Deployment, its ReplicaSet and two pods, each owned by the one above (by uid). */
async function chain(name: string) {
  const deployment = await create({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name },
    spec: { replicas: 2, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: podSpec } },
  });
  const rs = await create({
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: { name: `${name}-rs`, ownerReferences: [refTo(deployment)] },
    spec: { replicas: 2, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: podSpec } },
  });
  const pods = [];
  for (const i of [1, 2]) {
    pods.push(await create({ apiVersion: "v1", kind: "Pod", metadata: { name: `${name}-pod-${i}`, labels, ownerReferences: [refTo(rs)] }, spec: podSpec }));
  }
  return { deployment, rs, pods };
}

const exists = async (kind: string, name: string, namespace?: string) =>
  client.get(kind, name, namespace).then(
    () => true,
    (err: unknown) => {
      if (err instanceof NotFoundError) return false;
      throw err;
    },
  );
const gone = (kind: string, name: string) =>
  eventually(async () => {
    if (await exists(kind, name)) throw new Error(`${kind}/${name} still exists`);
  });

describe("deletion and garbage collection", () => {
  it("background (the default): the Deployment goes at once, then its ReplicaSet, then the pods", async () => {
    const { pods } = await chain("bg");
    const deleted = await client.delete("Deployment", "bg");
    expect(deleted.metadata.deletionTimestamp).toBeUndefined();
    expect(await exists("Deployment", "bg")).toBe(false);
    await gone("ReplicaSet", "bg-rs");
    for (const p of pods) await gone("Pod", p.metadata.name);
  });

  it("orphan: the dependents stay and lose their reference to the owner", async () => {
    const { deployment, rs, pods } = await chain("orph");
    const marked = await client.delete("Deployment", "orph", { propagationPolicy: "orphan" });
    expect(marked.metadata.finalizers).toContain("orphan");
    await gone("Deployment", "orph");
    const kept = await client.get("ReplicaSet", "orph-rs");
    expect(kept.metadata.uid).toBe(rs.metadata.uid);
    expect(kept.metadata.ownerReferences ?? []).not.toContainEqual(expect.objectContaining({ uid: deployment.metadata.uid }));
    // The pods still belong to the ReplicaSet, which is still there.
    for (const p of pods) expect((await client.get("Pod", p.metadata.name)).metadata.ownerReferences?.[0]?.uid).toBe(rs.metadata.uid);
    // A later reconcile of the ReplicaSet, that can be seen: give it a live owner and a reference
    // to the gone Deployment, which the collector drops. One key is never reconciled twice at
    // once, so every reconcile the Deployment's deletion asked for has finished by then.
    const keeper = await create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "orph-keeper" } });
    await client.update({ ...kept, metadata: { ...kept.metadata, ownerReferences: [refTo(keeper, { controller: false }), refTo(deployment, { controller: false })] } });
    await eventually(async () => {
      const refs = (await client.get("ReplicaSet", "orph-rs")).metadata.ownerReferences ?? [];
      if (refs.length !== 1 || refs[0]?.uid !== keeper.metadata.uid) throw new Error(`references: ${JSON.stringify(refs)}`);
    });
    expect((await client.get("ReplicaSet", "orph-rs")).metadata.uid).toBe(rs.metadata.uid);
  });

  it("foreground: the Deployment stays, marked, until its dependents are gone, and goes last", async () => {
    const { pods } = await chain("fg");
    // Hold one pod with a finalizer, so that the wait can be seen.
    const held = await client.get("Pod", "fg-pod-1");
    await client.update({ ...held, metadata: { ...held.metadata, finalizers: ["example.com/hold"] } });

    const marked = await client.delete("Deployment", "fg", { propagationPolicy: "foreground" });
    expect(marked.metadata.deletionTimestamp).toBeDefined();
    expect(marked.metadata.finalizers).toContain("foregroundDeletion");
    await gone("Pod", "fg-pod-2");
    const waitingPod = await client.get("Pod", "fg-pod-1");
    expect(waitingPod.metadata.deletionTimestamp).toBeDefined();
    const rs = await client.get("ReplicaSet", "fg-rs");
    expect(rs.metadata.deletionTimestamp).toBeDefined();
    expect(rs.metadata.finalizers).toContain("foregroundDeletion");
    const deployment = await client.get("Deployment", "fg");
    expect(deployment.metadata.finalizers).toContain("foregroundDeletion");

    // Release the held pod: the pod, then the ReplicaSet, then the Deployment go.
    await client.update({ ...waitingPod, metadata: { ...waitingPod.metadata, finalizers: [] } });
    for (const p of pods) await gone("Pod", p.metadata.name);
    await gone("ReplicaSet", "fg-rs");
    await gone("Deployment", "fg");
  });

  it("finalizers: a delete only marks the object; removing the finalizer removes it", async () => {
    await create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "held", finalizers: ["example.com/hold"] }, data: { a: "1" } });
    const marked = await client.delete("ConfigMap", "held");
    expect(marked.metadata.deletionTimestamp).toBeDefined();
    const again = await client.delete("ConfigMap", "held");
    expect(again.metadata.deletionTimestamp).toBe(marked.metadata.deletionTimestamp);
    const still = await client.get("ConfigMap", "held");
    expect(still.metadata.finalizers).toEqual(["example.com/hold"]);

    await expect(client.update({ ...still, metadata: { ...still.metadata, finalizers: ["example.com/hold", "example.com/more"] } })).rejects.toThrow(
      /no new finalizers/,
    );
    await client.update({ ...still, metadata: { ...still.metadata, finalizers: [] } });
    expect(await exists("ConfigMap", "held")).toBe(false);
  });

  it("a dependent whose owner was replaced by a new object of the same name (another uid) is collected", async () => {
    const old = await create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "owner" } });
    await client.delete("ConfigMap", "owner");
    const replacement = await create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "owner" } });
    expect(replacement.metadata.uid).not.toBe(old.metadata.uid);
    // Still pointing at the old owner's uid: the "owner" that exists now is not its owner.
    await create({ apiVersion: "v1", kind: "Secret", metadata: { name: "dependent", ownerReferences: [refTo(old)] }, stringData: { k: "v" } });
    await gone("Secret", "dependent");
    expect(await exists("ConfigMap", "owner")).toBe(true);
  });

  it("an object with two owners, one deleted: it only loses the reference to that one", async () => {
    const a = await create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "owner-a" } });
    const b = await create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "owner-b" } });
    await create({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "shared", ownerReferences: [refTo(a, { controller: false }), refTo(b, { controller: false })] },
    });
    await client.delete("ConfigMap", "owner-a");
    await eventually(async () => {
      const refs = (await client.get("ConfigMap", "shared")).metadata.ownerReferences ?? [];
      if (refs.length !== 1 || refs[0]?.uid !== b.metadata.uid) throw new Error(`references: ${JSON.stringify(refs)}`);
    });
  });

  it("a namespace whose content is held by a finalizer stays Terminating until it is empty", async () => {
    await create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "team" } });
    await create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "free", namespace: "team" } });
    await create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "held", namespace: "team", finalizers: ["example.com/hold"] } });
    const ns = await client.delete("Namespace", "team");
    expect(ns.metadata.deletionTimestamp).toBeDefined();
    expect(await exists("ConfigMap", "free", "team")).toBe(false);
    await expect(create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "late", namespace: "team" } })).rejects.toThrow(/being deleted/);

    const held = await client.get("ConfigMap", "held", "team");
    expect(held.metadata.deletionTimestamp).toBeDefined();
    await client.update({ ...held, metadata: { ...held.metadata, finalizers: [] } });
    await gone("Namespace", "team");
  });
});
