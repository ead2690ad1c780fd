import { Metadata, status, type ServiceError } from "@grpc/grpc-js";
import { describe, expect, it } from "vitest";
import {
  AlreadyExistsError,
  ConflictError,
  DisruptionBudgetError,
  ExpiredError,
  NotFoundError,
  UnavailableError,
  ValidationError,
} from "@skiff/api";
import { fromGrpcError, ServerError, unreachableMessage, unreachableReason } from "./errors.js";

function grpcError(code: status, details: string, metadata = new Metadata()): ServiceError {
  return Object.assign(new Error(`${code} ${status[code]}: ${details}`), { code, details, metadata });
}

const SERVER = "127.0.0.1:7443";

describe("fromGrpcError", () => {
  it.each([
    [status.NOT_FOUND, NotFoundError],
    [status.ALREADY_EXISTS, AlreadyExistsError],
    [status.ABORTED, ConflictError],
    [status.OUT_OF_RANGE, ExpiredError],
  ])("maps status %s to its named class with the server's message", (code, cls) => {
    const err = fromGrpcError(grpcError(code, "Pod default/web: something"), SERVER);
    expect(err).toBeInstanceOf(cls);
    expect((err as Error).message).toBe("Pod default/web: something");
  });

  it("rebuilds a DisruptionBudgetError naming the budget from its trailer; a RESOURCE_EXHAUSTED without one stays a limit", () => {
    const md = new Metadata();
    md.set("skiff-disruption-budget", JSON.stringify({ budget: "web-pdb", reason: "The disruption budget web-pdb needs 2 healthy pods and has 2 currently", retryAfterSeconds: 0 }));
    const err = fromGrpcError(grpcError(status.RESOURCE_EXHAUSTED, "Cannot evict pod as it would violate the pod's disruption budget.", md), SERVER);
    expect(err).toBeInstanceOf(DisruptionBudgetError);
    expect(err).toMatchObject({ budget: "web-pdb", reason: "The disruption budget web-pdb needs 2 healthy pods and has 2 currently", message: "Cannot evict pod as it would violate the pod's disruption budget." });
    expect(fromGrpcError(grpcError(status.RESOURCE_EXHAUSTED, "slow down"), SERVER)).not.toBeInstanceOf(DisruptionBudgetError);
  });

  it("rebuilds a ValidationError with its issues and source from the trailers", () => {
    const md = new Metadata();
    md.set("skiff-issues", JSON.stringify([{ path: "spec.replicas", message: "must be >= 0" }]));
    md.set("skiff-source", "web.yaml (document 1)");
    const err = fromGrpcError(grpcError(status.INVALID_ARGUMENT, "invalid"), SERVER) as ValidationError;
    expect(err).toBeInstanceOf(ValidationError);
    const withIssues = fromGrpcError(grpcError(status.INVALID_ARGUMENT, "invalid", md), SERVER) as ValidationError;
    expect(withIssues.issues).toEqual([{ path: "spec.replicas", message: "must be >= 0", source: "web.yaml (document 1)" }]);
    expect(withIssues.message).toBe("web.yaml (document 1): spec.replicas: must be >= 0");
    expect(err.issues).toEqual([{ path: "", message: "invalid" }]);
  });

  it("keeps the server's own message when its store (etcd) has no quorum: the server is there, etcd is not", () => {
    const details = "the store (etcd at http://127.0.0.1:2379) does not answer or has no quorum (commit: 4 DEADLINE_EXCEEDED: Deadline exceeded): write not made; try again when etcd is back";
    const err = fromGrpcError(grpcError(status.UNAVAILABLE, details), SERVER);
    expect(err).toBeInstanceOf(UnavailableError);
    expect((err as Error).message).toBe(details);
  });

  it("keeps the server's own UNAVAILABLE message for calls it forwards to an agent", () => {
    const err = fromGrpcError(grpcError(status.UNAVAILABLE, 'pod "web" is not scheduled to a node yet'), SERVER, { proxied: true });
    expect(err).toBeInstanceOf(UnavailableError);
    expect((err as Error).message).toBe('pod "web" is not scheduled to a node yet');
    const lost = "No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:7443";
    expect((fromGrpcError(grpcError(status.UNAVAILABLE, lost), SERVER, { proxied: true }) as Error).message).toMatch(
      /^cannot reach the skiff server at 127.0.0.1:7443 \(connection refused\)/,
    );
  });

  it("turns a refused connection into the unreachable message", () => {
    const details = "No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:7443";
    const err = fromGrpcError(grpcError(status.UNAVAILABLE, details), SERVER);
    expect(err).toBeInstanceOf(UnavailableError);
    expect((err as Error).message).toBe(
      "cannot reach the skiff server at 127.0.0.1:7443 (connection refused). Is it running? " +
        "Start one with 'skiff server' (or 'skiff up'), or point --server / SKIFF_SERVER at it.",
    );
  });

  it("treats a deadline as unreachable", () => {
    const err = fromGrpcError(grpcError(status.DEADLINE_EXCEEDED, "Deadline exceeded"), SERVER);
    expect(err).toBeInstanceOf(UnavailableError);
    expect((err as Error).message).toContain("(timed out)");
  });

  it("treats an address that answers with plain HTTP as unreachable", () => {
    const err = fromGrpcError(grpcError(status.UNIMPLEMENTED, "Received HTTP status code 404"), SERVER);
    expect(err).toBeInstanceOf(UnavailableError);
    expect((err as Error).message).toContain("not a skiff server");
  });

  it("keeps other statuses as a ServerError carrying the status name", () => {
    const err = fromGrpcError(grpcError(status.INTERNAL, "boom"), SERVER);
    expect(err).toBeInstanceOf(ServerError);
    expect((err as ServerError).code).toBe("INTERNAL");
  });

  it("passes through what is not a gRPC error", () => {
    const plain = new TypeError("x");
    expect(fromGrpcError(plain, SERVER)).toBe(plain);
  });
});

describe("unreachableReason", () => {
  it.each([
    ["connect ECONNREFUSED 1.2.3.4:1", "connection refused"],
    ["getaddrinfo ENOTFOUND nohost", "host not found"],
    ["connect EHOSTUNREACH", "host unreachable"],
    ["something odd", "something odd"],
  ])("%s -> %s", (details, reason) => {
    expect(unreachableReason(details)).toBe(reason);
  });

  it("names the address in the message", () => {
    expect(unreachableMessage("h:1", "x")).toMatch(/^cannot reach the skiff server at h:1 \(x\)\./);
  });
});
