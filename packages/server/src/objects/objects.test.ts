// ObjectService on a real LevelDB store in a temp dir.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ConflictError, NotFoundError, ValidationError, type ApiObject } from "@skiff/api";
import { LevelStore } from "@skiff/store";
import { RecordingWebhooks } from "../admission/test-webhooks.js";
import { ObjectService } from "./objects.js";

let dir: string;
let store: LevelStore;
let api: ObjectService;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "skiff-objects-"));
  store = await LevelStore.open(dir);
  await store.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "default" } });
  api = new ObjectService(store, () => new Date("2026-01-01T00:00:00Z"));
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const cm = (name: string, data: Record<string, string> = {}, namespace?: string) => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name, ...(namespace ? { namespace } : {}) },
  data,
});

describe("ObjectService.apply", () => {
  it("created, then unchanged, then configured", async () => {
    const [created] = await api.apply([cm("a", { k: "1" })]);
    expect(created?.action).toBe("created");
    expect(created?.object.metadata.namespace).toBe("default");
    const [same] = await api.apply([cm("a", { k: "1" })]);
    expect(same?.action).toBe("unchanged");
    expect(same?.object.metadata.resourceVersion).toBe(created?.object.metadata.resourceVersion);
    const [changed] = await api.apply([cm("a", { k: "2" })]);
    expect(changed?.action).toBe("configured");
    expect(Number(changed?.object.metadata.resourceVersion)).toBeGreaterThan(Number(created?.object.metadata.resourceVersion));
  });

  it("stores a multi-object apply in one revision", async () => {
    const out = await api.apply([cm("a"), cm("b"), cm("c")]);
    expect(new Set(out.map((o) => o.object.metadata.resourceVersion)).size).toBe(1);
  });

  it("a dry run stores nothing", async () => {
    const [out] = await api.apply([cm("dry")], { dryRun: true });
    expect(out?.action).toBe("created");
    expect(await store.get({ kind: "ConfigMap", namespace: "default", name: "dry" })).toBeUndefined();
  });

  it("lists every issue of every document and stores nothing", async () => {
    const err = (await api.apply([cm("ok"), cm("Bad"), { kind: "ConfigMap" }]).catch((e: unknown) => e)) as ValidationError;
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.issues.map((i) => i.source)).toEqual(expect.arrayContaining(["document 2", "document 3"]));
    expect((await store.list("ConfigMap")).items).toHaveLength(0);
  });

  it("refuses the same object twice in one apply", async () => {
    await expect(api.apply([cm("a"), cm("a")])).rejects.toThrow(/appears twice/);
  });

  it("accepts a namespace and its objects in one apply, refuses an unknown namespace", async () => {
    const ns = { apiVersion: "v1", kind: "Namespace", metadata: { name: "shop" } };
    await expect(api.apply([cm("x", {}, "shop")])).rejects.toBeInstanceOf(NotFoundError);
    const out = await api.apply([ns, cm("x", {}, "shop")]);
    expect(out.map((o) => o.action)).toEqual(["created", "created"]);
  });
});

describe("ObjectService.update and delete", () => {
  it("update from a stale resourceVersion is a conflict", async () => {
    const created = (await api.create(cm("a"))).object;
    await api.update({ ...created, data: { k: "1" } });
    await expect(api.update({ ...created, data: { k: "2" } })).rejects.toBeInstanceOf(ConflictError);
  });

  it("update keeps status and server-set metadata", async () => {
    const created = (await api.create(cm("a"))).object as ApiObject;
    const { uid: _u, creationTimestamp: _c, ...meta } = created.metadata;
    const updated = (await api.update({ ...created, metadata: meta, data: { k: "1" } })).object;
    expect(updated.metadata.uid).toBe(created.metadata.uid);
    expect(updated.metadata.creationTimestamp).toBe(created.metadata.creationTimestamp);
  });

  it("deleting a namespace deletes what is in it", async () => {
    await api.apply([{ apiVersion: "v1", kind: "Namespace", metadata: { name: "tmp" } }, cm("x", {}, "tmp")]);
    await api.delete({ kind: "ns", name: "tmp" });
    expect((await store.list("ConfigMap", { namespace: "tmp" })).items).toHaveLength(0);
  });

  it("get of a missing object names it", async () => {
    await expect(api.get({ kind: "cm", namespace: "default", name: "nope" })).rejects.toThrow(/ConfigMap default\/nope not found/);
  });
});

describe("ObjectService.watch", () => {
  it("without a revision lists first, then follows changes", async () => {
    await api.apply([cm("a")]);
    const ac = new AbortController();
    const seen: string[] = [];
    const done = (async () => {
      for await (const ev of api.watch({ kind: "configmaps", signal: ac.signal })) {
        seen.push(`${ev.type} ${ev.object.metadata.name}`);
        if (seen.length === 2) ac.abort();
      }
    })();
    // b is written once the listing has been seen, so that it can only come as a change.
    await vi.waitFor(() => expect(seen).toEqual(["ADDED a"]), { timeout: 5_000, interval: 5 });
    await api.apply([cm("b")]);
    await done;
    expect(seen).toEqual(["ADDED a", "ADDED b"]);
  });
});

describe("Service addresses", () => {
  const svc = (name: string, nodePort?: number) => ({
    apiVersion: "v1",
    kind: "Service",
    metadata: { name },
    spec: { type: "NodePort", selector: { app: name }, ports: [{ port: 80, ...(nodePort ? { nodePort } : {}) }] },
  });

  it("Services created at the same time never share an address or a node port", async () => {
    const names = Array.from({ length: 12 }, (_, i) => `s${i}`);
    const made = await Promise.all(names.map((n, i) => (i % 2 ? api.create(svc(n)) : api.apply([svc(n)]).then((r) => r[0]!))));
    const ips = made.map((m) => (m.object.spec as { clusterIP: string }).clusterIP);
    const ports = made.map((m) => (m.object.spec as { ports: { nodePort: number }[] }).ports[0]?.nodePort);
    expect(new Set(ips).size).toBe(12);
    expect(new Set(ports).size).toBe(12);
    const stored = (await api.list({ kind: "Service" })).items.map((s) => (s.spec as { clusterIP: string }).clusterIP);
    expect(stored.sort()).toEqual([...ips].sort());
  });

  it("an update may not change the clusterIP; a nodePort clash is refused; delete frees both", async () => {
    const a = (await api.create(svc("a", 30080))).object;
    await expect(api.update({ ...a, spec: { ...(a.spec as object), clusterIP: "10.96.0.99" } })).rejects.toThrow(`spec.clusterIP: Invalid value: "10.96.0.99": field is immutable`);
    await expect(api.create(svc("b", 30080))).rejects.toThrow("spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated");
    await api.delete({ kind: "Service", namespace: "default", name: "a" });
    const b = (await api.create(svc("b", 30080))).object;
    expect((b.spec as { clusterIP: string }).clusterIP).toBe("10.96.0.1");
  });

  it("the allocation record stays out of a watch of every kind", async () => {
    const from = store.revision();
    await api.create(svc("w"));
    const ac = new AbortController();
    const kinds: string[] = [];
    for await (const ev of api.watch({ fromRevision: from, signal: ac.signal })) {
      kinds.push(ev.object.kind);
      if (ev.object.kind === "Service") ac.abort();
    }
    expect(kinds).toEqual(["Service"]);
  });
});

describe("ObjectService and the admission chain", () => {
  it("shows the webhooks an update's merged object (what will be stored) and the stored one as oldObject, for update and apply", async () => {
    const webhooks = new RecordingWebhooks({ kinds: ["ConfigMap"] });
    api.admission.webhooks = webhooks;
    const [created] = await api.apply([{ ...cm("a", { k: "1" }), metadata: { name: "a", labels: { team: "x" } } }]);
    // Sent without the label and without a resourceVersion: merged, the stored uid and version are there.
    await api.update(cm("a", { k: "2" }));
    await api.apply([cm("a", { k: "3" })]);
    const updates = webhooks.asked.filter((a) => a.operation === "UPDATE" && a.phase === "mutate");
    expect(updates).toHaveLength(2);
    for (const u of updates) {
      expect(u.object.metadata.uid).toBe(created!.object.metadata.uid);
      expect(u.object.metadata.creationTimestamp).toBe(created!.object.metadata.creationTimestamp);
      expect(u.oldObject?.metadata.uid).toBe(created!.object.metadata.uid);
    }
    expect(updates[0]!.object.data).toEqual({ k: "2" });
    expect(updates[0]!.oldObject?.data).toEqual({ k: "1" });
    expect(updates[1]!.object.data).toEqual({ k: "3" });
    expect(updates[1]!.oldObject?.data).toEqual({ k: "2" });
    expect(webhooks.asked.filter((a) => a.operation === "CREATE").map((a) => a.phase)).toEqual(["mutate", "validate"]);
  });
});
