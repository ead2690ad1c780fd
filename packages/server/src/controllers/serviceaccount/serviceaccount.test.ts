import { describe, expect, it } from "vitest";
import type { ApiObject, Namespace } from "@skiff/api";
import { missingDefaultAccount } from "./index.js";

const ns = (name: string, deleting = false): Namespace => ({ apiVersion: "v1", kind: "Namespace", metadata: { name, ...(deleting ? { deletionTimestamp: "2026-01-01T00:00:00Z" } : {}) } }) as Namespace;
const now = new Date("2026-01-01T00:00:00Z");

describe("the default ServiceAccount of each namespace", () => {
  it("is made when missing (a new namespace, or one whose default was deleted)", () => {
    expect(missingDefaultAccount(ns("team-a"), undefined, now)).toMatchObject({ kind: "ServiceAccount", metadata: { name: "default", namespace: "team-a" } });
  });

  it("is left alone when there, and not made in a namespace being deleted or gone", () => {
    const existing = { kind: "ServiceAccount", metadata: { name: "default", namespace: "team-a" } } as ApiObject;
    expect(missingDefaultAccount(ns("team-a"), existing, now)).toBeUndefined();
    expect(missingDefaultAccount(ns("team-a", true), undefined, now)).toBeUndefined();
    expect(missingDefaultAccount(undefined, undefined, now)).toBeUndefined();
  });
});
