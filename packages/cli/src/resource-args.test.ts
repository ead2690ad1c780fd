import { describe, expect, it } from "vitest";
import { parseTarget, parseTargets } from "./resource-args.js";

const names = (words: string[]) => parseTargets(words).map((t) => `${t.info.kind}/${t.name}`);

describe("naming objects on the command line", () => {
  it("accepts KIND/NAME, several of them, or KIND NAME...", () => {
    expect(names(["deploy/web"])).toEqual(["Deployment/web"]);
    expect(names(["deploy/web", "sts/db"])).toEqual(["Deployment/web", "StatefulSet/db"]);
    expect(names(["deployments", "web", "api"])).toEqual(["Deployment/web", "Deployment/api"]);
  });

  it("rejects what kubectl rejects", () => {
    expect(() => parseTargets([])).toThrow("required resource not specified");
    expect(() => parseTargets(["deploy"])).toThrow("resource name may not be empty");
    expect(() => parseTargets(["deploy", "deploy/web"])).toThrow(/no need to specify a resource type as a separate argument/);
    expect(() => parseTargets(["deploy/"])).toThrow(/must have a single resource and name/);
    expect(() => parseTargets(["foos/x"])).toThrow(`the server doesn't have a resource type "foos"`);
  });

  it("refuses kinds the verb cannot act on, and more than one where one is needed", () => {
    expect(() => parseTargets(["pod/web"], { kinds: ["Deployment", "StatefulSet"], verb: "scale" })).toThrow("cannot scale pods: only deployments, statefulsets");
    expect(() => parseTarget(["deploy/a", "deploy/b"])).toThrow("only one resource is supported here, got 2");
  });
});
