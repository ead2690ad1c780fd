import { describe, expect, it } from "vitest";
import type { ApiObject } from "@skiff/api";
import { page } from "./paging.js";

const cm = (namespace: string, name: string): ApiObject => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { namespace, name } });
const all = [cm("b", "x"), cm("a", "z"), cm("a", "y"), cm("b", "w")];
const names = (items: ApiObject[]) => items.map((o) => `${o.metadata.namespace}/${o.metadata.name}`);
const q = (s: string) => new URLSearchParams(s);

describe("page", () => {
  it("returns everything, in key order, without a limit (or limit=0)", () => {
    expect(names(page(all, q("")).items)).toEqual(["a/y", "a/z", "b/w", "b/x"]);
    expect(page(all, q("limit=0")).continueToken).toBeUndefined();
  });

  it("walks every object exactly once through continue tokens", () => {
    const first = page(all, q("limit=3"));
    expect(names(first.items)).toEqual(["a/y", "a/z", "b/w"]);
    expect(first.remainingItemCount).toBe(1);
    const second = page(all, q(`limit=3&continue=${first.continueToken}`));
    expect(names(second.items)).toEqual(["b/x"]);
    expect(second.continueToken).toBeUndefined();
  });

  it("refuses a token it did not make and a negative limit", () => {
    expect(() => page(all, q("continue=nonsense"))).toThrow(/continue key is not valid/);
    expect(() => page(all, q("limit=-1"))).toThrow(/limit/);
  });
});
