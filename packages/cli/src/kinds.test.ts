import { describe, expect, it } from "vitest";
import { UserError } from "./errors.js";
import { notFound, resolveKind, resourceType } from "./kinds.js";

describe("resolveKind", () => {
  it.each([
    ["po", "Pod"],
    ["pods", "Pod"],
    ["pod", "Pod"],
    ["deploy", "Deployment"],
    ["deployments.apps", "Deployment"],
    ["svc", "Service"],
    ["cm", "ConfigMap"],
    ["sts", "StatefulSet"],
    ["ns", "Namespace"],
    ["no", "Node"],
    ["rs", "ReplicaSet"],
    ["ep", "Endpoints"],
    ["ev", "Event"],
    ["secrets", "Secret"],
  ])("%s is %s", (typed, kind) => {
    expect(resolveKind(typed).kind).toBe(kind);
  });

  it("rejects an unknown kind in kubectl's words", () => {
    expect(() => resolveKind("foos")).toThrow(UserError);
    expect(() => resolveKind("foos")).toThrow(`the server doesn't have a resource type "foos"`);
  });
});

describe("messages", () => {
  it("names resource types with their group", () => {
    expect(resourceType(resolveKind("po"))).toBe("pods");
    expect(resourceType(resolveKind("deploy"))).toBe("deployments.apps");
    expect(notFound(resolveKind("po"), "x").message).toBe(`pods "x" not found`);
  });
});
