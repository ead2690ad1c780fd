import { describe, expect, it } from "vitest";
import type { ApiObject } from "@skiff/api";
import { BadRequestError } from "./errors.js";
import { checkFieldSelector, matchesFieldSelector, parseFieldSelector } from "./field-selector.js";

const pod = (name: string, nodeName: string | undefined, phase: string): ApiObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: "default", uid: `uid-${name}` },
  spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: "main", image: "busybox" }] },
  status: { phase },
});
const event = (name: string, involvedObject: Record<string, string>, extra: Record<string, unknown> = {}): ApiObject => ({
  apiVersion: "v1",
  kind: "Event",
  metadata: { name, namespace: involvedObject.namespace ?? "default" },
  involvedObject,
  ...extra,
});
const node = (name: string, unschedulable?: boolean): ApiObject => ({ apiVersion: "v1", kind: "Node", metadata: { name }, spec: unschedulable === undefined ? {} : { unschedulable } });
const deployment = (name: string): ApiObject => ({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name, namespace: "default" } });

/** The names of the objects a selector picks, after the kind's check. */
function select(selector: string, objects: ApiObject[]): string[] {
  const reqs = parseFieldSelector(selector);
  for (const kind of new Set(objects.map((o) => o.kind))) checkFieldSelector(kind, reqs);
  return objects.filter((o) => matchesFieldSelector(o, reqs)).map((o) => o.metadata.name);
}

describe("parseFieldSelector", () => {
  it.each([
    { selector: "", want: [] },
    { selector: "metadata.name=web", want: [{ field: "metadata.name", op: "=", value: "web" }] },
    { selector: "metadata.name==web", want: [{ field: "metadata.name", op: "=", value: "web" }] },
    { selector: "status.phase!=Failed", want: [{ field: "status.phase", op: "!=", value: "Failed" }] },
    { selector: "a=1,b!=2", want: [{ field: "a", op: "=", value: "1" }, { field: "b", op: "!=", value: "2" }] },
    { selector: "involvedObject.namespace=", want: [{ field: "involvedObject.namespace", op: "=", value: "" }] },
    { selector: "a=1,,b=2,", want: [{ field: "a", op: "=", value: "1" }, { field: "b", op: "=", value: "2" }] },
    { selector: String.raw`a=x\,y`, want: [{ field: "a", op: "=", value: "x,y" }] },
    { selector: String.raw`a=x\=y`, want: [{ field: "a", op: "=", value: "x=y" }] },
    { selector: String.raw`a=x\\y`, want: [{ field: "a", op: "=", value: String.raw`x\y` }] },
  ])("parses $selector", ({ selector, want }) => {
    expect(parseFieldSelector(selector)).toEqual(want);
  });

  it.each([
    { selector: "metadata.name", message: "invalid selector: 'metadata.name'; can't understand 'metadata.name'" },
    { selector: "a=b=c", message: "invalid field selector: unescaped character in value: =" },
    { selector: String.raw`a=x\y`, message: String.raw`invalid field selector: invalid escape sequence: \y` },
    { selector: "a=x\\", message: "invalid field selector: invalid escape sequence: \\" },
  ])("refuses $selector with a 400", ({ selector, message }) => {
    expect(() => parseFieldSelector(selector)).toThrow(BadRequestError);
    expect(() => parseFieldSelector(selector)).toThrow(message);
  });
});

describe("the selectors kubectl sends", () => {
  it("describe pod: the events of that pod, by name, namespace and uid", () => {
    const ref = { kind: "Pod", namespace: "default", name: "web-abc", uid: "u1" };
    const events = [event("e1", ref), event("e2", { ...ref, uid: "u-old" }), event("e3", { ...ref, name: "web-xyz" }), event("e4", { ...ref, namespace: "prod" })];
    expect(select("involvedObject.name=web-abc,involvedObject.namespace=default,involvedObject.uid=u1", events)).toEqual(["e1"]);
  });

  it("describe node: the node's events, whose involved object has no namespace", () => {
    const events = [event("e1", { kind: "Node", name: "node-1", uid: "n1" }), event("e2", { kind: "Pod", namespace: "default", name: "node-1", uid: "n1" })];
    expect(select("involvedObject.name=node-1,involvedObject.namespace=,involvedObject.kind=Node,involvedObject.uid=n1", events)).toEqual(["e1"]);
  });

  it("describe node: the node's pods that have not finished", () => {
    const pods = [pod("a", "node-1", "Running"), pod("b", "node-1", "Succeeded"), pod("c", "node-1", "Failed"), pod("d", "node-2", "Running"), pod("e", undefined, "Pending"), pod("f", "node-1", "Pending")];
    expect(select("spec.nodeName=node-1,status.phase!=Succeeded,status.phase!=Failed", pods)).toEqual(["a", "f"]);
  });

  it("rollout status and delete --wait: one object by name", () => {
    expect(select("metadata.name=web", [deployment("web"), deployment("web-2")])).toEqual(["web"]);
  });
});

describe("checkFieldSelector", () => {
  it.each([
    ["Pod", "spec.nodeName=n1,status.phase=Running,spec.restartPolicy=Always,status.podIP=10.0.0.2,spec.host=n1"],
    ["Event", "involvedObject.kind=Pod,reason=Pulled,reportingComponent=kubelet,source=kubelet,type=Normal"],
    ["Secret", "type=kubernetes.io/tls,metadata.namespace=default"],
    ["Service", "spec.type=ClusterIP,spec.clusterIP=10.96.0.1"],
    ["Node", "spec.unschedulable=false,metadata.name=node-1"],
    ["Namespace", "status.phase=Active"],
    ["ConfigMap", "metadata.name=settings,metadata.namespace=default"],
    ["Deployment", "metadata.name=web,metadata.namespace=default"],
  ])("accepts what Kubernetes accepts on %s: %s", (kind, selector) => {
    expect(() => checkFieldSelector(kind, parseFieldSelector(selector))).not.toThrow();
  });

  it.each([
    ["Pod", "spec.containers=x", "field label not supported: spec.containers"],
    ["Node", "metadata.namespace=", "field label not supported: metadata.namespace"],
    ["Namespace", "metadata.namespace=x", "field label not supported: metadata.namespace"],
    ["Event", "message=x", "field label not supported: message"],
    ["Pod", "constructor=x", "field label not supported: constructor"],
    ["Deployment", "status.replicas=1", '"status.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"'],
    ["ConfigMap", "data.key=x", '"data.key" is not a known field selector: only "metadata.name", "metadata.namespace"'],
    ["Job", "status.failed=1", 'field label "status.failed" not supported for batchv1.Job'],
  ])("refuses on %s %s with Kubernetes' message", (kind, selector, message) => {
    expect(() => checkFieldSelector(kind, parseFieldSelector(selector))).toThrow(new BadRequestError(message));
  });
});

describe("matchesFieldSelector", () => {
  it("reads an unset bool as false", () => {
    expect(select("spec.unschedulable=false", [node("a"), node("b", true), node("c", false)])).toEqual(["a", "c"]);
    expect(select("spec.unschedulable=true", [node("a"), node("b", true)])).toEqual(["b"]);
  });

  it("takes an event's source from source.component, else from reportingComponent", () => {
    const ref = { kind: "Pod", namespace: "default", name: "p" };
    const events = [event("e1", ref, { source: { component: "scheduler" } }), event("e2", ref, { reportingComponent: "scheduler" }), event("e3", ref, { source: { component: "kubelet" } })];
    expect(select("source=scheduler", events)).toEqual(["e1", "e2"]);
  });

  it("reads spec.host as spec.nodeName, as for old clients", () => {
    expect(select("spec.host=node-1", [pod("a", "node-1", "Running"), pod("b", "node-2", "Running")])).toEqual(["a"]);
  });

  it("reads a field it does not know as empty", () => {
    const reqs = parseFieldSelector("constructor=");
    expect(matchesFieldSelector(pod("a", "n", "Running"), reqs)).toBe(true);
  });
});
