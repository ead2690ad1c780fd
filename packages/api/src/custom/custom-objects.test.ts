import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ValidationError } from "../errors.js";
import { KINDS, kindInfo, lookupKind } from "../kinds.js";
import { validateObject } from "../validate.js";
import { setCustomResources, transitionRuleIssues } from "./registry.js";
import { websiteCrd } from "./test-crds.js";

const site = (spec: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  apiVersion: "example.com/v1",
  kind: "Website",
  metadata: { name: "blog" },
  spec,
  ...extra,
});

function issuesOf(raw: unknown, strict = false): string[] {
  try {
    validateObject(raw, { strict });
    return [];
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    return err.issues.map((i) => `${i.path}: ${i.message}`);
  }
}

beforeEach(() => setCustomResources([websiteCrd()], KINDS));
afterEach(() => setCustomResources([], KINDS));

describe("custom objects: schema validation", () => {
  it.each([
    ["a negative count", { image: "nginx", replicas: -1 }, "spec.replicas: must be >= 0"],
    ["too many", { image: "nginx", replicas: 11 }, "spec.replicas: must be <= 10"],
    ["a string for an integer", { image: "nginx", replicas: "two" }, 'spec.replicas: expected integer, got string'],
    ["a missing required field", { replicas: 1 }, "spec.image: required"],
    ["a value outside the enum", { image: "nginx", size: "XL" }, 'spec.size: must be one of "S", "M", "L", got "XL"'],
    ["a pattern broken", { image: "NGINX!" }, 'spec.image: must match pattern "^[a-z0-9./:-]+$"'],
    ["an item of the wrong type", { image: "nginx", ports: [{ port: "http" }] }, "spec.ports[0].port: expected integer, got string"],
    ["int-or-string given a boolean", { image: "nginx", port: true }, "spec.port: expected integer or string, got boolean"],
  ])("refuses %s with the field path and the rule", (_what, spec, message) => {
    expect(issuesOf(site(spec))).toContain(message);
  });

  it("accepts a valid object, fills in defaults and stores the storage apiVersion", () => {
    const { object, warnings } = validateObject(site({ image: "nginx", port: "http", extra: { anything: { goes: 1 } } }));
    expect(object.spec).toEqual({ image: "nginx", replicas: 1, message: "hello", port: "http", extra: { anything: { goes: 1 } } });
    expect(object.metadata.namespace).toBe("default");
    expect(warnings).toEqual([]);
  });

  it("prunes unknown fields with a warning, or refuses them under --strict", () => {
    const raw = site({ image: "nginx", colour: "blue" }, { top: 1 });
    const { object, warnings } = validateObject(raw);
    expect(object.spec).not.toHaveProperty("colour");
    expect(object).not.toHaveProperty("top");
    expect(warnings).toEqual(["spec.colour: unknown field, pruned (not in the schema of Website)", "top: unknown field, pruned (not in the schema of Website)"]);
    expect(issuesOf(raw, true)).toContain("spec.colour: unknown field: not in the schema of Website (strict mode)");
  });

  it("checks metadata as for any object", () => {
    expect(issuesOf({ ...site({ image: "nginx" }), metadata: { name: "Bad_Name" } })[0]).toMatch(/^metadata.name: /);
  });

  it("refuses a served version whose schema differs from the storage version's", () => {
    expect(issuesOf({ ...site({ image: "nginx" }), apiVersion: "example.com/v1beta1" })[0]).toMatch(/^apiVersion: Website is stored as example.com\/v1/);
    expect(issuesOf({ ...site({ image: "nginx" }), apiVersion: "example.com/v2" })[0]).toMatch(/served versions of Website \(example.com\/v1, example.com\/v1beta1\)/);
  });

  it("resolves the kind's names, and forgets them when the CRD goes", () => {
    expect(lookupKind("ws")?.kind).toBe("Website");
    expect(lookupKind("websites.example.com")?.kind).toBe("Website");
    expect(kindInfo("Website")?.namespaced).toBe(true);
    setCustomResources([], KINDS);
    expect(kindInfo("Website")).toBeUndefined();
    expect(issuesOf(site({ image: "nginx" }))[0]).toMatch(/^kind: unknown kind "Website"/);
  });

  it("does not accept a CRD whose names clash with a built-in kind or an older CRD", () => {
    const clash = websiteCrd({ shortNames: ["po"] });
    setCustomResources([clash], KINDS);
    expect(kindInfo("Website")).toBeUndefined();
    const older = websiteCrd({ created: "2025-01-01T00:00:00Z" });
    const newer = { ...websiteCrd({ created: "2026-06-01T00:00:00Z" }), metadata: { name: "sites.other.example", creationTimestamp: "2026-06-01T00:00:00Z" } };
    setCustomResources([newer, older], KINDS);
    expect(kindInfo("Website")?.apiVersion).toBe("example.com/v1");
  });
});

describe("custom objects: string formats, as Kubernetes checks them", () => {
  beforeEach(() => {
    const crd = websiteCrd();
    const props = (crd.spec!.versions[0]!.schema!.openAPIV3Schema!.properties!.spec!.properties ??= {});
    Object.assign(props, {
      contact: { type: "string", format: "email" },
      since: { type: "string", format: "date-time" },
      sites: { type: "array", items: { type: "string", format: "hostname" } },
      count: { type: "integer", format: "int32" },
      secret: { type: "string", format: "password" },
      mine: { type: "string", format: "my-own-format" },
    });
    setCustomResources([crd], KINDS);
  });

  it("refuses a value of the wrong shape with the field path and the format", () => {
    expect(issuesOf(site({ image: "nginx", contact: "not-an-address", since: "yesterday", sites: ["ok.example.com", "-bad-"] }))).toEqual([
      'spec.contact: must match format "email", got "not-an-address"',
      'spec.since: must match format "date-time", got "yesterday"',
      'spec.sites[1]: must match format "hostname", got "-bad-"',
    ]);
  });

  it("accepts good values, and leaves formats Kubernetes does not check (int32, password, unknown names) alone", () => {
    expect(issuesOf(site({ image: "nginx", contact: "ops@example.com", since: "2026-12-07T09:00:00Z", sites: ["a.example.com"], count: 5_000_000_000, secret: "x", mine: "anything" }))).toEqual([]);
  });
});

describe("custom objects: x-kubernetes-validations (CEL rules)", () => {
  const withRules = () => {
    const crd = websiteCrd();
    const spec = crd.spec!.versions[0]!.schema!.openAPIV3Schema!.properties!.spec!;
    Object.assign(spec.properties!, {
      maxReplicas: { type: "integer" },
      tags: { type: "array", items: { type: "string", "x-kubernetes-validations": [{ rule: "self.startsWith('t-')", message: "a tag starts with t-" }] } },
    });
    Object.assign(spec, {
      "x-kubernetes-validations": [
        { rule: "!has(self.maxReplicas) || self.replicas <= self.maxReplicas", message: "replicas must not exceed maxReplicas", fieldPath: ".replicas" },
        { rule: "self.image != 'forbidden'", messageExpression: "'image ' + self.image + ' is not allowed'" },
        { rule: "self.message.size() < 20" },
        { rule: "self.replicas == oldSelf.replicas", message: "a transition rule: skipped" },
      ],
    });
    return crd;
  };
  beforeEach(() => setCustomResources([withRules()], KINDS));

  it("refuses an object that breaks a rule, with the rule's message at the node's path (and its fieldPath)", () => {
    expect(issuesOf(site({ image: "forbidden", replicas: 5, maxReplicas: 3, message: "a message far too long to pass", tags: ["t-a", "b"] }))).toEqual([
      "spec.replicas: replicas must not exceed maxReplicas",
      "spec: image forbidden is not allowed",
      "spec: failed rule: self.message.size() < 20",
      "spec.tags[1]: a tag starts with t-",
    ]);
  });

  it("accepts an object every rule holds for (transition rules, naming oldSelf, are not checked on a create)", () => {
    expect(issuesOf(site({ image: "nginx", replicas: 2, maxReplicas: 3, tags: ["t-a"] }))).toEqual([]);
  });

  it("checks transition rules on an update only, against the stored object (transitionRuleIssues)", () => {
    const stored = validateObject(site({ image: "nginx", replicas: 2 })).object;
    expect(transitionRuleIssues(site({ image: "nginx", replicas: 3 }), stored)).toEqual(["spec: a transition rule: skipped"].map((m) => ({ path: m.split(": ")[0], message: m.slice(m.indexOf(": ") + 2) })));
    expect(transitionRuleIssues(site({ image: "other", replicas: 2 }), stored)).toEqual([]);
    // A node the stored object did not have: the rule does not apply there.
    expect(transitionRuleIssues(site({ image: "nginx", replicas: 3 }), { ...stored, spec: undefined })).toEqual([]);
  });

  it("refuses a CRD whose rule does not compile, at the rule's path", () => {
    const crd = withRules();
    const spec = crd.spec!.versions[0]!.schema!.openAPIV3Schema!.properties!.spec! as Record<string, unknown>;
    spec["x-kubernetes-validations"] = [{ rule: "self.replicas <=" }];
    let issues: string[] = [];
    try {
      validateObject(crd);
    } catch (err) {
      issues = (err as ValidationError).issues.map((i) => `${i.path}: ${i.message}`);
    }
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/^spec\.versions\[0\]\.schema\.openAPIV3Schema\.properties\.spec\.x-kubernetes-validations\[0\]\.rule: compilation failed: /);
  });
});
