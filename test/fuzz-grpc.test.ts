// Fuzzing the gRPC API in-process: a real server on 127.0.0.1, raw gRPC calls carrying random and
// mutated objects, kinds, names, selectors and revisions to every object call. 10,000 calls, 50 at
// a time. Every answer is a result or a gRPC status with a clear message (never INTERNAL, never
// a stack); nothing is left unhandled; and a rejected request leaves the store as it was: every
// object that changed was written by a call that succeeded.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import { KINDS } from "@skiff/api";
import { loadApiProto, type ApiClient } from "@skiff/proto";
import { serve, type RunningServer } from "@skiff/server";
import { mutate } from "../packages/api/src/test-mutate.js";

const BATCH = 50;
const BATCHES = 200; // 10,000 calls

let server: RunningServer;
let api: ApiClient;
let dir: string;
const unhandled: unknown[] = [];
const onUnhandled = (err: unknown) => unhandled.push(err);

beforeAll(async () => {
  process.on("unhandledRejection", onUnhandled);
  process.on("uncaughtException", onUnhandled);
  dir = mkdtempSync(join(tmpdir(), "skiff-fuzz-grpc-"));
  server = await serve({
    dataDir: join(dir, "data"),
    listen: "127.0.0.1:0",
    logLevel: "silent",
    lifecycle: { heartbeatPeriodMs: 60_000, evictionTimeoutMs: 600_000 },
    controllers: [],
    insecure: true,
    rateLimit: { ratePerSecond: 0 },
  });
  api = new (loadApiProto().skiff.v1.Api)(server.address, grpc.credentials.createInsecure());
});
afterAll(async () => {
  api?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
  process.off("unhandledRejection", onUnhandled);
  process.off("uncaughtException", onUnhandled);
});

// --- what the calls carry -----------------------------------------------------------------------

const names = fc.constantFrom("a", "b", "web", "x-1", "", "A", "-", "a".repeat(300), "default", "kube-system", "ns1");
const kinds = fc.oneof(fc.constantFrom(...KINDS.map((k) => k.kind), ...KINDS.map((k) => k.plural), "Potato", "", "pods", "po"), fc.string({ maxLength: 12 }));
const selectors = fc.oneof(fc.constantFrom("", "app=web", "app in (a,b)", "!app", "a=b,c!=d", "app=", "=", "a in (", "x".repeat(100)), fc.string({ maxLength: 20 }));
const revisions = fc.oneof(fc.constantFrom("", "0", "1", "-1", "1.5", "1e3", "99999999999999999999", "abc"), fc.nat().map(String), fc.string({ maxLength: 6 }));
const json = fc.jsonValue({ maxDepth: 3 });

const valid = (name: string, namespace: string) => [
  { apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace }, data: { k: "v" } },
  { apiVersion: "v1", kind: "Pod", metadata: { name, namespace, labels: { app: "web" } }, spec: { containers: [{ name: "app", image: "nginx" }] } },
  { apiVersion: "v1", kind: "Pod", metadata: { name, namespace }, spec: { hostNetwork: true, containers: [{ name: "app", image: "nginx", securityContext: { privileged: true } }], volumes: [{ name: "h", hostPath: { path: "/etc" } }] } },
  { apiVersion: "apps/v1", kind: "Deployment", metadata: { name, namespace }, spec: { replicas: 1, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "c", image: "nginx" }] } } } },
  { apiVersion: "v1", kind: "Service", metadata: { name, namespace }, spec: { selector: { app: "web" }, ports: [{ port: 80 }] } },
  { apiVersion: "v1", kind: "Namespace", metadata: { name } },
  { apiVersion: "v1", kind: "Secret", metadata: { name, namespace }, stringData: { password: "x" } },
];


const object = fc
  .tuple(names, fc.constantFrom("default", "ns1", "missing", ""), fc.nat(), fc.array(fc.nat(), { maxLength: 6 }), fc.oneof(json, fc.constant(undefined)), fc.boolean())
  .map(([name, ns, which, path, value, pristine]) => {
    const all = valid(name, ns);
    const base = all[which % all.length];
    return pristine || value === undefined ? base : mutate(base, path, value);
  });

// What goes on the wire as an object's JSON: good objects, mutated ones, any JSON, not JSON at all.
const objectJson = fc.oneof(
  { weight: 4, arbitrary: object.map((o) => JSON.stringify(o) ?? "null") },
  { weight: 1, arbitrary: json.map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom("", "{", "[1,", "{\"kind\":", "\u0000", "null", "1e999")) },
);

type Request =
  | { method: "Apply"; req: { objectsJson: string[]; dryRun: boolean; strict: boolean } }
  | { method: "Create" | "Update"; req: { objectJson: string } }
  | { method: "Get"; req: { kind: string; namespace: string; name: string } }
  | { method: "List"; req: { kind: string; namespace: string; labelSelector: string } }
  | { method: "Delete"; req: { kind: string; namespace: string; name: string; resourceVersion: string; propagationPolicy: string } }
  | { method: "Watch"; req: { kind: string; namespace: string; labelSelector: string; resourceVersion: string } };

const request: fc.Arbitrary<Request> = fc.oneof(
  fc.record({ method: fc.constant("Apply" as const), req: fc.record({ objectsJson: fc.array(objectJson, { maxLength: 4 }), dryRun: fc.boolean(), strict: fc.boolean() }) }),
  fc.record({ method: fc.constantFrom("Create" as const, "Update" as const), req: fc.record({ objectJson }) }),
  fc.record({ method: fc.constant("Get" as const), req: fc.record({ kind: kinds, namespace: names, name: names }) }),
  fc.record({ method: fc.constant("List" as const), req: fc.record({ kind: kinds, namespace: names, labelSelector: selectors }) }),
  fc.record({
    method: fc.constant("Delete" as const),
    req: fc.record({ kind: kinds, namespace: names, name: names, resourceVersion: revisions, propagationPolicy: fc.constantFrom("", "Background", "Foreground", "Orphan", "bogus") }),
  }),
  fc.record({ method: fc.constant("Watch" as const), req: fc.record({ kind: kinds, namespace: names, labelSelector: selectors, resourceVersion: revisions }) }),
);

// --- calling ------------------------------------------------------------------------------------

interface Outcome {
  error?: grpc.ServiceError;
  /** The objects a successful write returned (created, changed or deleted). */
  written: string[];
}

const keyOf = (o: { kind?: string; metadata?: { namespace?: string; name?: string } }) => `${o.kind}/${o.metadata?.namespace ?? ""}/${o.metadata?.name}`;

function call(r: Request): Promise<Outcome> {
  return new Promise((resolve) => {
    const done = (error: grpc.ServiceError | null, written: string[] = []) => resolve({ error: error ?? undefined, written });
    const parse = (j: string) => keyOf(JSON.parse(j) as never);
    switch (r.method) {
      case "Apply":
        return api.Apply(r.req, (e, res) => done(e, r.req.dryRun ? [] : (res?.results ?? []).filter((x) => x.action !== "unchanged").map((x) => parse(x.objectJson))));
      case "Create":
        return api.Create(r.req, (e, res) => done(e, res ? [parse(res.objectJson)] : []));
      case "Update":
        return api.Update(r.req, (e, res) => done(e, res ? [parse(res.objectJson)] : []));
      case "Delete":
        return api.Delete(r.req, (e, res) => done(e, res ? [parse(res.objectJson)] : []));
      case "Get":
        return api.Get(r.req, (e) => done(e));
      case "List":
        return api.List(r.req, (e) => done(e));
      case "Watch": {
        const stream = api.Watch(r.req);
        let settled = false;
        const finish = (e: grpc.ServiceError | null) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          stream.cancel();
          done(e);
        };
        const timer = setTimeout(() => finish(null), 20);
        stream.on("data", () => finish(null));
        stream.on("error", (e: grpc.ServiceError) => finish(e.code === grpc.status.CANCELLED ? null : e));
        return;
      }
    }
  });
}

async function snapshot(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const k of KINDS) {
    if (k.kind === "Event") continue; // written by the server itself, about what happened
    for (const o of (await server.store.list(k.kind)).items) out.set(keyOf(o), o.metadata.resourceVersion ?? "");
  }
  return out;
}

it(`answers ${BATCH * BATCHES} random and mutated calls with results or clear statuses; rejected calls change nothing`, async () => {
  const everWritten = new Set<string>();
  let before = await snapshot();
  const counts = { ok: 0, failed: 0 };
  await fc.assert(
    fc.asyncProperty(fc.array(request, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
      const outcomes = await Promise.all(batch.map(call));
      for (const [i, o] of outcomes.entries()) {
        if (!o.error) {
          counts.ok++;
          for (const k of o.written) everWritten.add(k);
          continue;
        }
        counts.failed++;
        const e = o.error;
        const what = `${batch[i]?.method} -> ${grpc.status[e.code]}: ${e.details}`;
        expect(e.code, what).not.toBe(grpc.status.INTERNAL);
        expect(e.code, what).not.toBe(grpc.status.UNKNOWN);
        expect(e.details.trim(), what).not.toBe("");
        expect(e.details, what).not.toMatch(/\n\s+at /);
      }
      const after = await snapshot();
      for (const key of new Set([...before.keys(), ...after.keys()])) {
        if (before.get(key) !== after.get(key)) expect(everWritten.has(key), `${key} changed, but no call that wrote it succeeded`).toBe(true);
      }
      before = after;
    }),
    { numRuns: BATCHES, endOnFailure: true },
  );
  expect(unhandled).toEqual([]);
  // The mix must exercise both sides: some calls succeed, most are refused.
  expect(counts.ok).toBeGreaterThan(100);
  expect(counts.failed).toBeGreaterThan(1000);
});
