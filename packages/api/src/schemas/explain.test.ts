import { describe, expect, it } from "vitest";
import { explainField, FieldNotFoundError } from "./explain.js";

describe("explainField", () => {
  it("lists a kind's top-level fields", () => {
    const pod = explainField("Pod", []);
    expect(pod?.type).toBe("Pod");
    expect(pod?.fields.map((f) => `${f.name} <${f.type}>${f.required ? " -required-" : ""}`)).toEqual([
      "apiVersion <string> -required-",
      "kind <string> -required-",
      "metadata <ObjectMeta> -required-",
      "spec <PodSpec> -required-",
      "status <map[string]Object>",
    ]);
  });

  it("walks into objects and lists of objects", () => {
    const containers = explainField("Deployment", ["spec", "template", "spec", "containers"]);
    expect(containers?.type).toBe("[]Container");
    const byName = Object.fromEntries(containers?.fields.map((f) => [f.name, f]) ?? []);
    expect(byName.name).toMatchObject({ type: "string", required: true });
    expect(byName.image?.type).toBe("string");
    expect(byName.ports?.type).toBe("[]ContainerPort");
    expect(explainField("Pod", ["metadata", "labels"])).toMatchObject({ type: "map[string]string", required: false, fields: [] });
    expect(explainField("Deployment", ["spec", "replicas"])?.type).toBe("integer");
  });

  it("names the field that does not exist, and knows no schema-less kind", () => {
    expect(() => explainField("Pod", ["spec", "nope"])).toThrow(new FieldNotFoundError('field "nope" does not exist', "Pod.spec.nope"));
    expect(explainField("Foo", [])).toBeUndefined();
  });
});
