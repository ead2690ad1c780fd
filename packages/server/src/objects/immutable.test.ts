import { describe, expect, it } from "vitest";
import type { ApiObject } from "@skiff/api";
import { checkImmutable } from "./immutable.js";

const cm = (data: Record<string, string>, immutable?: boolean): ApiObject => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data, ...(immutable === undefined ? {} : { immutable }) });
const secret = (type: string, v: string): ApiObject => ({ apiVersion: "v1", kind: "Secret", metadata: { name: "s" }, type, data: { k: v }, immutable: true });

describe("checkImmutable", () => {
  it("lets a mutable ConfigMap change, and an immutable one keep its data", () => {
    expect(() => checkImmutable(cm({ a: "2" }), cm({ a: "1" }))).not.toThrow();
    expect(() => checkImmutable(cm({ a: "1" }, true), cm({ a: "1" }, true))).not.toThrow();
  });

  it("refuses new data, or dropping the mark, once immutable", () => {
    expect(() => checkImmutable(cm({ a: "2" }, true), cm({ a: "1" }, true))).toThrow("data: Forbidden: field is immutable when `immutable` is set");
    expect(() => checkImmutable(cm({ a: "1" }), cm({ a: "1" }, true))).toThrow(/immutable: Forbidden/);
  });

  it("names the field, never a Secret's value", () => {
    try {
      checkImmutable(secret("Opaque", "bmV3"), secret("Opaque", "b2xk"));
      expect.unreachable();
    } catch (err) {
      expect(String(err)).not.toMatch(/bmV3|b2xk/);
    }
    expect(() => checkImmutable(secret("kubernetes.io/tls", "b2xk"), secret("Opaque", "b2xk"))).toThrow(/type: Forbidden/);
  });

  it("refuses a new selector for a DaemonSet, as apps/v1 does", () => {
    const ds = (app: string): ApiObject => ({ apiVersion: "apps/v1", kind: "DaemonSet", metadata: { name: "d" }, spec: { selector: { matchLabels: { app } } } });
    expect(() => checkImmutable(ds("logs"), ds("logs"))).not.toThrow();
    expect(() => checkImmutable(ds("other"), ds("logs"))).toThrow("spec.selector: Forbidden: field is immutable");
  });

  it("refuses a CRD update that drops a version its objects are stored in, as apiextensions does", () => {
    const crd = (versions: string[], storedVersions?: string[]): ApiObject => ({
      apiVersion: "apiextensions.k8s.io/v1",
      kind: "CustomResourceDefinition",
      metadata: { name: "websites.example.com" },
      spec: { versions: versions.map((name, i) => ({ name, served: true, storage: i === versions.length - 1 })) },
      ...(storedVersions ? { status: { storedVersions } } : {}),
    });
    expect(() => checkImmutable(crd(["v1beta1", "v1"]), crd(["v1beta1"], ["v1beta1"]))).not.toThrow();
    expect(() => checkImmutable(crd(["v1"]), crd(["v1beta1", "v1"], ["v1beta1", "v1"]))).toThrow('status.storedVersions[0]: Invalid value: "v1beta1": must appear in spec.versions');
    // A version no object was stored in may go.
    expect(() => checkImmutable(crd(["v1"]), crd(["v1beta1", "v1"], ["v1"]))).not.toThrow();
  });
});
