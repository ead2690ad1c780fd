import { afterEach, describe, expect, it } from "vitest";
import { PermissionDeniedError } from "@skiff/api";
import { tempStore } from "../informer/test-support.js";
import { ObjectService } from "../objects/objects.js";
import { DEFAULT_NAMESPACES, ensureDefaultNamespaces } from "./default-namespaces.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe("the default namespaces", () => {
  it("are made once, kept by a second start, and default, kube-system and kube-public may not be deleted", async () => {
    const t = await tempStore();
    cleanups.push(t.close);
    await ensureDefaultNamespaces(t.store);
    const first = (await t.store.list("Namespace")).items.map((n) => `${n.metadata.name}@${n.metadata.resourceVersion}`);
    await ensureDefaultNamespaces(t.store);
    const second = (await t.store.list("Namespace")).items.map((n) => `${n.metadata.name}@${n.metadata.resourceVersion}`);
    expect(second).toEqual(first);
    expect(first.map((n) => n.split("@")[0]).sort()).toEqual([...DEFAULT_NAMESPACES].sort());

    const api = new ObjectService(t.store);
    for (const name of ["default", "kube-system", "kube-public"]) {
      await expect(api.delete({ kind: "Namespace", name })).rejects.toThrow(new PermissionDeniedError(`namespaces "${name}" is forbidden: this namespace may not be deleted`));
    }
    await api.delete({ kind: "Namespace", name: "kube-node-lease" });
    expect(await t.store.get({ kind: "Namespace", name: "kube-node-lease" })).toBeUndefined();
  });
});
