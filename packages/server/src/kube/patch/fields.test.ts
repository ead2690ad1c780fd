// fieldsV1 sets: what an applied configuration owns, in Kubernetes' managedFields form.
import { describe, expect, it } from "vitest";
import { BadRequestError } from "../errors.js";
import { appliedFields, leafPaths, pathString, toFieldSet, withoutPaths } from "./fields.js";
import type { JsonObject } from "./json.js";

const setOf = (kind: string, obj: JsonObject) => toFieldSet(appliedFields(kind, obj).map((f) => f.path));

describe("fieldsV1", () => {
  it("keys list elements by merge key (k:), owning the element (.) and each field", () => {
    const applied = {
      metadata: { labels: { app: "web" }, finalizers: ["x"] },
      spec: { replicas: 2, template: { spec: { containers: [{ name: "web", image: "nginx", args: ["a"], ports: [{ containerPort: 80 }] }] } } },
    };
    expect(setOf("Deployment", applied)).toEqual({
      "f:metadata": { "f:labels": { "f:app": {} }, "f:finalizers": { 'v:"x"': {} } },
      "f:spec": {
        "f:replicas": {},
        "f:template": {
          "f:spec": {
            "f:containers": {
              'k:{"name":"web"}': { ".": {}, "f:name": {}, "f:image": {}, "f:args": {}, "f:ports": { 'k:{"containerPort":80}': { ".": {}, "f:containerPort": {} } } },
            },
          },
        },
      },
    });
  });

  it("makes an empty map and a list without strategy leaves, and skips nulls", () => {
    expect(setOf("Pod", { spec: { nodeSelector: {}, tolerations: [{ key: "k" }], hostname: null } })).toEqual({ "f:spec": { "f:nodeSelector": {}, "f:tolerations": {} } });
  });

  it("records the value each leaf is set to", () => {
    const fields = appliedFields("Pod", { spec: { containers: [{ name: "web", image: "nginx" }] } });
    expect(fields.find((f) => f.path.at(-1) === "f:image")?.value).toBe("nginx");
    expect(fields.find((f) => f.path.at(-1) === ".")?.value).toEqual({ name: "web", image: "nginx" });
  });

  it("refuses an element without its key, and two with the same key", () => {
    expect(() => appliedFields("Pod", { spec: { containers: [{ image: "x" }] } })).toThrow(BadRequestError);
    expect(() => appliedFields("Pod", { spec: { containers: [{ name: "a" }, { name: "a" }] } })).toThrow(/duplicate entries for \[name="a"\]/);
  });

  it("prints paths as Kubernetes does in conflicts", () => {
    expect(pathString(["f:spec", "f:replicas"])).toBe(".spec.replicas");
    expect(pathString(["f:spec", "f:containers", 'k:{"name":"web"}', "f:image"])).toBe('.spec.containers[name="web"].image');
    expect(pathString(["f:metadata", "f:finalizers", 'v:"x"'])).toBe('.metadata.finalizers[="x"]');
  });

  it("removes leaves and the maps they leave empty", () => {
    const set = { "f:spec": { "f:replicas": {}, "f:template": { "f:x": {} } } };
    expect(withoutPaths(set, [["f:spec", "f:template", "f:x"]])).toEqual({ "f:spec": { "f:replicas": {} } });
    expect(leafPaths(withoutPaths(set, leafPaths(set)))).toEqual([]);
  });
});
