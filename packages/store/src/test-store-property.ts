// Property, for every backend: whatever sequence of commits runs (some failing, some batched, with
// reopens in between), the store ends in the state a plain in-memory model predicts, and
// replaying its watch from where it started rebuilds exactly that state.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ApiObject } from "@skiff/api";
import type { Store, WatchEvent, WriteOp } from "./types.js";
import type { StoreHarness } from "./test-store-contract.js";

type Version = "none" | "current" | "stale";
type Action =
  | { op: "create"; name: string; image: string }
  | { op: "update"; name: string; image: string; version: Version }
  | { op: "delete"; name: string; version: Version };
type Step = { commit: Action[] } | { reopen: true };

/** name -> image and resourceVersion; what the store should hold. */
type Model = Map<string, { image: string; rv: string }>;

const name = fc.constantFrom("a", "b", "c");
const image = fc.constantFrom("nginx", "redis", "busybox");
const version = fc.constantFrom<Version>("none", "current", "stale");
const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ op: fc.constant("create" as const), name, image }),
  fc.record({ op: fc.constant("update" as const), name, image, version }),
  fc.record({ op: fc.constant("delete" as const), name, version }),
);
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 9, arbitrary: fc.record({ commit: fc.array(action, { minLength: 1, maxLength: 3 }) }) },
  { weight: 1, arbitrary: fc.constant({ reopen: true as const }) },
);

/** The resourceVersion an action sends, decided from the state before its commit. */
function versionFor(model: Model, action: Action): string | undefined {
  if (action.op === "create" || action.version === "none") return undefined;
  return action.version === "stale" ? "0" : (model.get(action.name)?.rv ?? "1");
}

function toOp(model: Model, action: Action): WriteOp {
  const resourceVersion = versionFor(model, action);
  if (action.op === "delete") return { type: "delete", ref: { kind: "Pod", namespace: "ns", name: action.name }, resourceVersion };
  const object: ApiObject = { apiVersion: "v1", kind: "Pod", metadata: { name: action.name, namespace: "ns", resourceVersion }, spec: { image: action.image } };
  return { type: action.op, object };
}

/** The model's commit: all ops apply in order under the next revision, or the first failure wins. */
function modelCommit(model: Model, ops: WriteOp[], rv: string): { next: Model; touched: Set<string> } | { error: string } {
  const next: Model = new Map(model);
  const touched = new Set<string>();
  for (const op of ops) {
    const key = op.type === "delete" ? op.ref.name : op.object.metadata.name;
    touched.add(key);
    const current = next.get(key);
    if (op.type === "create") {
      if (current) return { error: "AlreadyExistsError" };
      next.set(key, { image: (op.object.spec as { image: string }).image, rv });
      continue;
    }
    if (!current) return { error: "NotFoundError" };
    const expected = op.type === "delete" ? op.resourceVersion : op.object.metadata.resourceVersion;
    if (expected !== undefined && expected !== current.rv) return { error: "ConflictError" };
    if (op.type === "delete") next.delete(key);
    else next.set(key, { image: (op.object.spec as { image: string }).image, rv });
  }
  return { next, touched };
}

function stateOf(objects: Iterable<ApiObject>): Model {
  const model: Model = new Map();
  for (const o of objects) model.set(o.metadata.name, { image: (o.spec as { image: string }).image, rv: o.metadata.resourceVersion! });
  return model;
}

export function describeStoreProperty(backend: string, harness: () => StoreHarness, numRuns: number): void {
  describe(`${backend} against a model`, () => {
    it("ends in the model's state, and its watch replays to the same state", async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(step, { maxLength: 25 }), async (steps) => {
          const location = await harness().location();
          let store: Store = await location.open();
          try {
            const base = store.revision();
            let model: Model = new Map();
            let revision = base;
            /** The last commit that left an object behind or removed one: its events end the replay. */
            let lastVisible = base;
            for (const s of steps) {
              if ("reopen" in s) {
                await store.close();
                store = await location.open();
                continue;
              }
              const ops = s.commit.map((a) => toOp(model, a));
              const expected = modelCommit(model, ops, String(revision + 1));
              const outcome = await store.commit(ops).then(
                (results) => results,
                (err: Error) => err.name,
              );
              if ("error" in expected) {
                expect(outcome).toBe(expected.error);
              } else {
                expect(outcome).not.toBeTypeOf("string");
                const rv = (outcome as ApiObject[])[0]!.metadata.resourceVersion!;
                for (const o of outcome as ApiObject[]) expect(o.metadata.resourceVersion).toBe(rv);
                // A commit that leaves no trace (create then delete of one name) need not take a revision.
                const visible = [...expected.touched].some((key) => model.has(key) || expected.next.has(key));
                if (visible) {
                  expect(Number(rv)).toBe(revision + 1);
                  revision = lastVisible = Number(rv);
                } else {
                  expect(Number(rv)).toBeGreaterThanOrEqual(revision);
                  revision = Number(rv);
                }
                model = expected.next;
              }
              expect(store.revision()).toBe(revision);
            }

            const listed = await store.list("Pod");
            expect(listed.revision).toBe(revision);
            expect(stateOf(listed.items)).toEqual(model);

            const events: WatchEvent[] = [];
            if (lastVisible > base) {
              for await (const event of store.watch({ fromRevision: base })) {
                events.push(event);
                if (event.revision >= lastVisible && event.lastOfRevision !== false) break;
              }
            }
            const rebuilt = new Map<string, ApiObject>();
            let last = base;
            for (const e of events) {
              expect(e.revision).toBeGreaterThanOrEqual(last);
              expect(e.object.metadata.resourceVersion).toBe(String(e.revision));
              last = e.revision;
              if (e.type === "DELETED") rebuilt.delete(e.object.metadata.name);
              else rebuilt.set(e.object.metadata.name, e.object);
            }
            expect(last).toBe(lastVisible);
            expect(stateOf(rebuilt.values())).toEqual(model);
          } finally {
            await store.close();
          }
        }),
        { numRuns },
      );
    });
  });
}
