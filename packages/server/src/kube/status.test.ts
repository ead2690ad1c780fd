import { AlreadyExistsError, ConflictError, ExpiredError, NotFoundError, UnauthenticatedError, ValidationError } from "@skiff/api";
import { describe, expect, it } from "vitest";
import { BadRequestError } from "./errors.js";
import { findResource } from "./resources.js";
import { toStatus } from "./status.js";

const deployments = findResource("apps", "v1", "deployments")!;
const configmaps = findResource("", "v1", "configmaps")!;

describe("toStatus words errors as Kubernetes does", () => {
  it.each([
    ["not found", new NotFoundError("ConfigMap default/x not found"), { resource: configmaps, name: "x" }, 404, "NotFound", 'configmaps "x" not found'],
    ["already exists", new AlreadyExistsError("ConfigMap default/x already exists"), { resource: configmaps, name: "x" }, 409, "AlreadyExists", 'configmaps "x" already exists'],
    ["a stale write", new ConflictError("stale"), { resource: deployments, name: "web" }, 409, "Conflict", 'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again'],
    ["an expired watch", new ExpiredError("too old resource version: 3 (40)"), {}, 410, "Expired", "too old resource version: 3 (40)"],
    ["no token", new UnauthenticatedError("no token"), {}, 401, "Unauthorized", "Unauthorized"],
    ["a bad request", new BadRequestError("bad"), {}, 400, "BadRequest", "bad"],
    ["a missing namespace keeps skiff's words", new NotFoundError('namespace "nope" not found (for ConfigMap nope/x); create it first'), { resource: configmaps, name: "x" }, 404, "NotFound", 'namespace "nope" not found (for ConfigMap nope/x); create it first'],
  ])("%s", (_, err, ctx, code, reason, message) => {
    const s = toStatus(err, ctx);
    expect(s).toMatchObject({ kind: "Status", apiVersion: "v1", status: "Failure", code, reason, message });
  });

  it("an invalid object has a cause per field path, as kubectl prints them", () => {
    const err = new ValidationError([
      { path: "spec.replicas", message: "must be greater than or equal to 0, got -1" },
      { path: "spec.template.spec.containers[0].image", message: "required" },
    ]);
    const s = toStatus(err, { resource: deployments, name: "web" });
    expect(s.code).toBe(422);
    expect(s.reason).toBe("Invalid");
    expect(s.message).toBe('Deployment.apps "web" is invalid: [spec.replicas: must be greater than or equal to 0, got -1, spec.template.spec.containers[0].image: required]');
    expect(s.details?.causes).toEqual([
      { reason: "FieldValueInvalid", message: "must be greater than or equal to 0, got -1", field: "spec.replicas" },
      { reason: "FieldValueRequired", message: "required", field: "spec.template.spec.containers[0].image" },
    ]);
  });

  it("anything else is an internal error, reported to the caller's hook and never with a stack", () => {
    const seen: unknown[] = [];
    const s = toStatus(new TypeError("boom"), {}, (e) => seen.push(e));
    expect(s).toMatchObject({ code: 500, reason: "InternalError" });
    expect(s.message).not.toContain("at ");
    expect(seen).toHaveLength(1);
  });
});
