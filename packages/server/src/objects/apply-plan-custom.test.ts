// How a custom object merges: status is the status subresource's when the CRD has one, else the
// user's; generation moves on any change but metadata's (and status's, under the subresource).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KINDS, setCustomResources, type ApiObject, type CustomResourceDefinition } from "@skiff/api";
import { mergeUpdate, planCreate } from "./apply-plan.js";

const inputs = { now: new Date("2026-01-02T03:04:05.000Z"), newUid: () => "uid-1" };
const schema = { type: "object", properties: { spec: { type: "object", "x-kubernetes-preserve-unknown-fields": true }, status: { type: "object", "x-kubernetes-preserve-unknown-fields": true } } };
const crd = (kind: string, plural: string, status: boolean): CustomResourceDefinition => ({
  apiVersion: "apiextensions.k8s.io/v1",
  kind: "CustomResourceDefinition",
  metadata: { name: `${plural}.example.com` },
  spec: { group: "example.com", names: { plural, kind }, scope: "Namespaced", versions: [{ name: "v1", served: true, storage: true, schema: { openAPIV3Schema: schema }, ...(status ? { subresources: { status: {} } } : {}) }] },
});
const obj = (kind: string, spec: unknown, status?: unknown): ApiObject => ({ apiVersion: "example.com/v1", kind, metadata: { name: "a", namespace: "default" }, spec, ...(status ? { status } : {}) });
const stored = (o: ApiObject): ApiObject => ({ ...o, metadata: { ...o.metadata, uid: "u", creationTimestamp: "2025-01-01T00:00:00Z", generation: 1, resourceVersion: "3" } });

beforeAll(() => setCustomResources([crd("Website", "websites", true), crd("Note", "notes", false)], KINDS));
afterAll(() => setCustomResources([], KINDS));

describe("custom objects: status and generation", () => {
  it.each([
    ["with the status subresource, create drops status", "Website", undefined],
    ["without it, create keeps status", "Note", { phase: "x" }],
  ])("%s", (_what, kind, status) => {
    const created = planCreate(obj(kind, { a: 1 }, { phase: "x" }), inputs);
    expect(created.status).toEqual(status);
    expect(created.metadata.generation).toBe(1);
  });

  it.each([
    ["a spec change bumps the generation", "Website", obj("Website", { a: 2 }), 2, { phase: "old" }],
    ["status sent to the main resource is ignored, generation kept", "Website", obj("Website", { a: 1 }, { phase: "new" }), 1, { phase: "old" }],
    ["without the subresource, status is written and bumps the generation", "Note", obj("Note", { a: 1 }, { phase: "new" }), 2, { phase: "new" }],
    ["a label change keeps the generation", "Website", { ...obj("Website", { a: 1 }), metadata: { name: "a", namespace: "default", labels: { x: "y" } } }, 1, { phase: "old" }],
  ])("%s", (_what, kind, incoming, generation, status) => {
    const merged = mergeUpdate(incoming, stored(obj(kind, { a: 1 }, { phase: "old" })));
    expect(merged.metadata.generation).toBe(generation);
    expect(merged.status).toEqual(status);
  });
});
