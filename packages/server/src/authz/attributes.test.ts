// The verb mapping of each edge: what a gRPC call and a REST request ask, in Kubernetes' terms.
import { describe, expect, it } from "vitest";
import { route } from "../kube/route.js";
import { callAttributes, objectAttributes } from "./grpc-attributes.js";
import { restAttributes } from "./rest-attributes.js";

const res = (verb: string, resource: string, namespace: string, name = "", apiGroup = "", subresource = "") => ({ resourceRequest: true, verb, apiGroup, resource, subresource, namespace, name });

describe("gRPC calls", () => {
  it.each([
    ["Get", { kind: "Pod", namespace: "a", name: "web" }, res("get", "pods", "a", "web")],
    ["Get", { kind: "deploy", namespace: "", name: "web" }, res("get", "deployments", "default", "web", "apps")],
    ["List", { kind: "Pod", namespace: "" }, res("list", "pods", "")],
    ["List", { kind: "Node", namespace: "a" }, res("list", "nodes", "")],
    ["Watch", { kind: "Deployment", namespace: "a" }, res("watch", "deployments", "a", "", "apps")],
    ["Delete", { kind: "Secret", namespace: "a", name: "s" }, res("delete", "secrets", "a", "s")],
    ["Delete", { kind: "Namespace", namespace: "", name: "team-a" }, res("delete", "namespaces", "team-a", "team-a")],
    ["Evict", { namespace: "a", name: "p" }, res("create", "pods", "a", "p", "", "eviction")],
    ["Exec", { namespace: "a", pod: "p" }, res("create", "pods", "a", "p", "", "exec")],
    ["Logs", { namespace: "a", pod: "p" }, res("get", "pods", "a", "p", "", "log")],
    ["CreateToken", {}, res("create", "tokens", "", "", "skiff.dev")],
    ["RevokeToken", { id: "abc" }, res("delete", "tokens", "", "abc", "skiff.dev")],
  ])("%s %j", (method, req, expected) => {
    expect(callAttributes(method, req)).toEqual(expected);
  });

  it("Health asks nothing, and an unknown kind is left to the call to refuse", () => {
    expect(callAttributes("Health", {})).toBeUndefined();
    expect(callAttributes("Get", { kind: "Gizmo", name: "x" })).toBeUndefined();
  });

  it("a create is judged on the collection; an update on the object", () => {
    const obj = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", namespace: "a" } };
    expect(objectAttributes("create", obj)).toEqual({ ...res("create", "deployments", "a", "", "apps"), objectName: "web" });
    expect(objectAttributes("update", obj)).toEqual(res("update", "deployments", "a", "web", "apps"));
    expect(objectAttributes("update", { kind: "ClusterRole", metadata: { name: "x", namespace: "a" } })).toEqual(res("update", "clusterroles", "", "x", "rbac.authorization.k8s.io"));
  });
});

describe("REST requests", () => {
  const rest = (method: string, url: string) => {
    const u = new URL(url, "https://x");
    return restAttributes(method, route(u.pathname), u.pathname, u.searchParams);
  };
  it.each([
    ["GET", "/api/v1/namespaces/a/pods", res("list", "pods", "a")],
    ["GET", "/api/v1/pods?watch=true", res("watch", "pods", "")],
    ["GET", "/api/v1/namespaces/a/pods/web", res("get", "pods", "a", "web")],
    ["GET", "/api/v1/namespaces/a/pods/web?watch=1", res("watch", "pods", "a", "web")],
    ["POST", "/apis/apps/v1/namespaces/a/deployments", res("create", "deployments", "a", "", "apps")],
    ["PUT", "/apis/apps/v1/namespaces/a/deployments/web", res("update", "deployments", "a", "web", "apps")],
    ["PATCH", "/apis/apps/v1/namespaces/a/deployments/web/scale", res("patch", "deployments", "a", "web", "apps", "scale")],
    ["GET", "/apis/apps/v1/namespaces/a/deployments/web/scale", res("get", "deployments", "a", "web", "apps", "scale")],
    ["PUT", "/apis/apps/v1/namespaces/a/deployments/web/status", res("update", "deployments", "a", "web", "apps", "status")],
    ["DELETE", "/api/v1/namespaces/a/pods/web", res("delete", "pods", "a", "web")],
    ["DELETE", "/api/v1/namespaces/a/pods", res("deletecollection", "pods", "a")],
    ["GET", "/api/v1/namespaces/a/pods/web/log", res("get", "pods", "a", "web", "", "log")],
    ["GET", "/api/v1/namespaces/a/pods/web/exec?command=ls", res("create", "pods", "a", "web", "", "exec")],
    ["POST", "/api/v1/namespaces/a/pods/web/eviction", res("create", "pods", "a", "web", "", "eviction")],
    ["GET", "/api/v1/nodes", res("list", "nodes", "")],
    ["GET", "/api/v1/namespaces/team-a", res("get", "namespaces", "team-a", "team-a")],
    ["POST", "/apis/rbac.authorization.k8s.io/v1/namespaces/a/rolebindings", res("create", "rolebindings", "a", "", "rbac.authorization.k8s.io")],
    ["POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", res("create", "selfsubjectaccessreviews", "", "", "authorization.k8s.io")],
  ])("%s %s", (method, url, expected) => {
    expect(rest(method, url)).toEqual(expected);
  });

  it("a path outside the resources is asked by its lower-case HTTP method", () => {
    expect(rest("GET", "/apis/apps/v1")).toEqual({ resourceRequest: false, verb: "get", path: "/apis/apps/v1" });
    expect(rest("GET", "/healthz")).toEqual({ resourceRequest: false, verb: "get", path: "/healthz" });
  });
});
