import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ObjectPrinter } from "./print.js";
import { kindRef, resourceName } from "./printers.js";
import { podStatus } from "./columns/index.js";
import type { Pod } from "@skiff/api";

// Objects shaped as the server returns them.
import type { ApiObject } from "@skiff/api";

const NOW = Date.parse("2024-05-01T12:00:00Z");
const FIVE_SECONDS_AGO = "2024-05-01T11:59:55Z";
const TWO_DAYS_AGO = "2024-04-29T12:00:00Z";

function podObject(name: string, extra: { namespace?: string; phase?: string; ready?: boolean } = {}): ApiObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: extra.namespace ?? "default", uid: `uid-${name}`, creationTimestamp: FIVE_SECONDS_AGO },
    spec: { containers: [{ name: "app", image: "nginx" }], nodeName: "node-1" },
    status: {
      phase: extra.phase ?? "Running",
      podIP: "10.1.0.7",
      containerStatuses: [{ name: "app", ready: extra.ready ?? true, restartCount: 2, state: { running: {} } }],
    },
  };
}

function deploymentObject(name: string): ApiObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: "default", creationTimestamp: TWO_DAYS_AGO },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "nginx", image: "nginx:1.14.2" }] } },
    },
    status: { replicas: 3, readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
  };
}

const at = () => NOW;

describe("get tables", () => {
  it("prints pods as kubectl does", () => {
    const out = new ObjectPrinter({ now: at }).print([podObject("web-1"), podObject("web-22", { phase: "Pending", ready: false })]);
    expect(out).toBe(
      "NAME     READY   STATUS    RESTARTS   AGE\n" +
        "web-1    1/1     Running   2          5s\n" +
        "web-22   0/1     Pending   2          5s\n",
    );
  });

  it("adds IP and NODE with -o wide", () => {
    const out = new ObjectPrinter({ now: at, format: "wide" }).print([podObject("web")]);
    expect(out.split("\n")[0]).toBe("NAME   READY   STATUS    RESTARTS   AGE   IP         NODE");
    expect(out.split("\n")[1]).toBe("web    1/1     Running   2          5s    10.1.0.7   node-1");
  });

  it("puts NAMESPACE first with -A", () => {
    const out = new ObjectPrinter({ now: at, withNamespace: true }).print([podObject("a", { namespace: "kube" })]);
    expect(out.split("\n")[0]).toMatch(/^NAMESPACE   NAME   READY/);
    expect(out.split("\n")[1]).toMatch(/^kube        a      1\/1/);
  });

  it("prints deployments with READY as ready/desired", () => {
    const out = new ObjectPrinter({ now: at }).print([deploymentObject("nginx")]);
    expect(out).toBe("NAME    READY   UP-TO-DATE   AVAILABLE   AGE\nnginx   2/3     3            2           2d\n");
  });

  it("omits the header with --no-headers", () => {
    expect(new ObjectPrinter({ now: at, noHeaders: true }).print([podObject("web")])).toBe("web   1/1   Running   2   5s\n");
  });

  it("keeps watch rows aligned with the first listing", () => {
    const p = new ObjectPrinter({ now: at });
    p.print([podObject("a-long-pod-name")]);
    expect(p.print([podObject("b")])).toBe("b                 1/1     Running   2          5s\n");
  });

  it("shows why a container is waiting instead of the phase", () => {
    const pod = podObject("x", { phase: "Pending" }) as Pod;
    pod.status!.containerStatuses![0]!.state = { waiting: { reason: "ErrImagePull" } };
    expect(podStatus(pod)).toBe("ErrImagePull");
    expect(podStatus({ ...pod, metadata: { ...pod.metadata, deletionTimestamp: FIVE_SECONDS_AGO } })).toBe("Terminating");
  });
});

describe("-o name / json / yaml", () => {
  it("names objects as kind(.group)/name", () => {
    expect(new ObjectPrinter({ format: "name" }).print([podObject("web"), deploymentObject("d")])).toBe(
      "pod/web\ndeployment.apps/d\n",
    );
    expect(resourceName(podObject("x"))).toBe("pod/x");
    expect(kindRef("Service")).toBe("service");
    expect(kindRef("StatefulSet")).toBe("statefulset.apps");
  });

  it("prints one object by name bare, and a listing as a List", () => {
    const one = JSON.parse(new ObjectPrinter({ format: "json", single: true }).print([podObject("web")])) as ApiObject;
    expect(one.kind).toBe("Pod");
    expect(one.metadata.name).toBe("web");
    const list = JSON.parse(new ObjectPrinter({ format: "json" }).print([podObject("web")])) as { kind: string; items: ApiObject[] };
    expect(list.kind).toBe("List");
    expect(list.items).toHaveLength(1);
  });

  it("indents JSON by four spaces, as kubectl", () => {
    expect(new ObjectPrinter({ format: "json", single: true }).print([podObject("web")])).toMatch(/^\{\n {4}"apiVersion": "v1",/);
  });

  it("prints YAML that round-trips, as a List for several objects", () => {
    const text = new ObjectPrinter({ format: "yaml" }).print([podObject("a"), podObject("b")]);
    const doc = parse(text) as { apiVersion: string; kind: string; items: ApiObject[] };
    expect(doc.apiVersion).toBe("v1");
    expect(doc.kind).toBe("List");
    expect(doc.items.map((i) => i.metadata.name)).toEqual(["a", "b"]);
    const single = parse(new ObjectPrinter({ format: "yaml", single: true }).print([podObject("a")])) as ApiObject;
    expect(single.metadata.name).toBe("a");
  });

  it("separates watched objects with --- in YAML", () => {
    const p = new ObjectPrinter({ format: "yaml" });
    p.print([podObject("a")]);
    expect(p.print([podObject("b")])).toMatch(/^---\napiVersion: v1\n/);
  });
});
