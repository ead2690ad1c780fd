import { describe, expect, it } from "vitest";
import { UserError } from "./errors.js";
import { notFound, resolveKind, resourceType, podArgument } from "./kinds.js";

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

describe("podArgument", () => {
  it("takes a pod as NAME, pod/NAME or pods/NAME, as kubectl logs and exec do", () => {
    expect(podArgument("web")).toBe("web");
    expect(podArgument("pod/web")).toBe("web");
    expect(podArgument("po/web")).toBe("web");
    expect(() => podArgument("deploy/web")).toThrow(`only pods can be named here, not "deploy"`);
  });
});

describe("splitKindSlashName", () => {
  it("takes kubectl's KIND/NAME form apart", async () => {
    const { splitKindSlashName } = await import("./kinds.js");
    const args = { kind: "pod/web", names: ["other"] };
    splitKindSlashName(args);
    expect(args).toEqual({ kind: "pod", names: ["web", "other"] });
  });
});
