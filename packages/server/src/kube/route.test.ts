import { describe, expect, it } from "vitest";
import { route } from "./route.js";

const summary = (path: string) => {
  const r = route(path);
  return r.type === "resource" ? { kind: r.resource.kind, namespace: r.namespace, name: r.name, subresource: r.subresource } : r;
};

describe("route", () => {
  it.each([
    ["/api/v1/pods", { kind: "Pod", namespace: undefined, name: undefined, subresource: undefined }],
    ["/api/v1/namespaces/default/pods", { kind: "Pod", namespace: "default", name: undefined, subresource: undefined }],
    ["/api/v1/namespaces/default/pods/web-1/log", { kind: "Pod", namespace: "default", name: "web-1", subresource: "log" }],
    ["/apis/apps/v1/namespaces/team-a/deployments/web/scale", { kind: "Deployment", namespace: "team-a", name: "web", subresource: "scale" }],
    ["/api/v1/namespaces/team-a", { kind: "Namespace", namespace: undefined, name: "team-a", subresource: undefined }],
    ["/api/v1/namespaces/team-a/status", { kind: "Namespace", namespace: undefined, name: "team-a", subresource: "status" }],
    ["/api/v1/nodes/node-1", { kind: "Node", namespace: undefined, name: "node-1", subresource: undefined }],
  ])("%s is a resource", (path, expected) => {
    expect(summary(path)).toEqual(expected);
  });

  it.each(["/api", "/apis", "/api/v1", "/apis/apps/v1", "/version", "/openapi/v3/apis/apps/v1"])("%s is a discovery document", (path) => {
    expect(route(path).type).toBe("discovery");
  });

  it.each([
    ["a resource of another group", "/apis/apps/v1/pods"],
    ["an unknown resource", "/api/v1/widgets"],
    ["an unknown subresource", "/api/v1/namespaces/default/pods/web/proxy"],
    ["too many segments", "/api/v1/namespaces/default/pods/web/log/extra"],
  ])("%s is unknown", (_, path) => {
    expect(route(path).type).toBe("unknown");
  });
});
