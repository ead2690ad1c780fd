// Fail closed: every method the server serves has an authorization rule, and a method without
// one is refused before its handler runs.
import * as grpc from "@grpc/grpc-js";
import { describe, expect, it } from "vitest";
import type { ClusterRoleBinding } from "@skiff/api";
import { loadApiProto, loadNodeProto, type ApiHandlers } from "@skiff/proto";
import { pino } from "pino";
import { API_METHOD_RULES, Authorizer, DEFAULT_CLUSTER_ROLES, DEFAULT_CLUSTER_ROLE_BINDINGS, listPolicy } from "../authz/index.js";
import type { ObjectService } from "../objects/objects.js";
import { checkCall, USER_METADATA } from "../security/auth.js";
import type { TokenStore } from "../security/tokens.js";
import { authorizedApi } from "./authorized.js";

const methodsOf = (service: grpc.ServiceDefinition) => Object.values(service).map((m) => m.path.slice(m.path.lastIndexOf("/") + 1));
const apiMethods = methodsOf(loadApiProto().skiff.v1.Api.service);
const nodeMethods = methodsOf(loadNodeProto().skiff.v1.NodeService.service);

describe("every method the server serves is judged", () => {
  it("each Api method of api.proto has an authorization rule", () => {
    expect(apiMethods.length).toBeGreaterThan(10);
    for (const method of apiMethods) expect(Object.hasOwn(API_METHOD_RULES, method), `skiff.v1.Api/${method} has no rule in authz/grpc-attributes.ts`).toBe(true);
  });

  it("no rule names a method api.proto does not have", () => {
    expect(Object.keys(API_METHOD_RULES).filter((m) => !apiMethods.includes(m))).toEqual([]);
  });

  it("each NodeService method but Join needs a node certificate", () => {
    const tokens = { verify: () => ({ refused: "unknown token" }) } as unknown as TokenStore;
    for (const method of nodeMethods) {
      const refusal = checkCall(`/skiff.v1.NodeService/${method}`, { plaintext: false, authorization: undefined, auth: null, tokens });
      if (method === "Join") expect(refusal).toBeUndefined();
      else expect(refusal?.reason, method).toBe("no node certificate");
    }
  });
});

describe("a method with no rule", () => {
  const authz = new Authorizer(listPolicy({ clusterRoles: DEFAULT_CLUSTER_ROLES, clusterRoleBindings: DEFAULT_CLUSTER_ROLE_BINDINGS as ClusterRoleBinding[] }));
  const admin = { name: "skiff:admin", groups: ["system:masters", "system:authenticated"] };

  it("is refused with PERMISSION_DENIED naming it, even for a cluster-admin, and its handler never runs", async () => {
    let ran = false;
    const handlers = { Frobnicate: (_call: unknown, cb: grpc.sendUnaryData<unknown>) => ((ran = true), cb(null, {})) } as unknown as ApiHandlers;
    const guarded = authorizedApi(handlers, { authz, objects: {} as ObjectService, log: pino({ level: "silent" }) }) as unknown as Record<string, (call: unknown, cb: grpc.sendUnaryData<unknown>) => void>;
    const metadata = new grpc.Metadata();
    metadata.set(USER_METADATA, JSON.stringify(admin));
    const err = await new Promise<grpc.ServiceError | null>((resolve) =>
      guarded.Frobnicate!({ metadata, request: {}, getPeer: () => "127.0.0.1:1" }, (e) => resolve(e as grpc.ServiceError | null)),
    );
    expect(ran).toBe(false);
    expect(err?.code).toBe(grpc.status.PERMISSION_DENIED);
    expect(err?.details).toMatch(/skiff\.v1\.Api\/Frobnicate/);
  });
});
