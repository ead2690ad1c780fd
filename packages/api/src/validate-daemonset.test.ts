import { describe, expect, it } from "vitest";
import { ValidationError } from "./errors.js";
import type { ControllerRevision, DaemonSet } from "./types.js";
import { validateObject } from "./validate.js";
import { daemonPodTolerations, withTolerations } from "./well-known/daemonsets.js";
import { lookupKind } from "./kinds.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

/** The DaemonSet from the Kubernetes documentation (concepts/workloads/controllers/daemonset), trimmed to what skiff runs. */
const fluentd = (): Obj => ({
  apiVersion: "apps/v1",
  kind: "DaemonSet",
  metadata: { name: "fluentd-elasticsearch", namespace: "kube-system", labels: { "k8s-app": "fluentd-logging" } },
  spec: {
    selector: { matchLabels: { name: "fluentd-elasticsearch" } },
    template: {
      metadata: { labels: { name: "fluentd-elasticsearch" } },
      spec: {
        tolerations: [{ key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "NoSchedule" }],
        containers: [{ name: "fluentd-elasticsearch", image: "quay.io/fluentd_elasticsearch/fluentd:v2.5.2" }],
        terminationGracePeriodSeconds: 30,
      },
    },
  },
});

function problems(raw: unknown): string[] {
  try {
    validateObject(raw);
    return [];
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    return e.issues.map((i) => `${i.path}: ${i.message}`);
  }
}

function edit(change: (o: Obj) => void): Obj {
  const o = fluentd();
  change(o);
  return o;
}

describe("DaemonSet", () => {
  it("is known as kubectl names it (ds, daemonsets, daemonset.apps)", () => {
    for (const name of ["ds", "daemonsets", "daemonset", "DaemonSet", "daemonsets.apps"]) expect(lookupKind(name)?.kind).toBe("DaemonSet");
  });

  it("accepts the documentation's fluentd DaemonSet and fills in Kubernetes' defaults", () => {
    const ds = validateObject(fluentd()).object as DaemonSet;
    expect(ds.spec.updateStrategy).toEqual({ type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    expect(ds.spec.revisionHistoryLimit).toBe(10);
    expect(ds.spec.minReadySeconds).toBe(0);
    expect(ds.spec.template.spec.restartPolicy).toBe("Always");
  });

  it("keeps OnDelete without a rollingUpdate", () => {
    const ds = validateObject(edit((o) => (o.spec.updateStrategy = { type: "OnDelete" }))).object as DaemonSet;
    expect(ds.spec.updateStrategy).toEqual({ type: "OnDelete" });
  });

  it("refuses a selector that does not select its template, at spec.selector", () => {
    expect(problems(edit((o) => (o.spec.selector = { matchLabels: { name: "other" } })))).toEqual(["spec.selector: does not match template labels"]);
  });

  it("requires a selector, as apps/v1 does", () => {
    expect(problems(edit((o) => delete o.spec.selector))).toEqual(["spec.selector: required"]);
  });

  it("refuses a template that does not restart always", () => {
    expect(problems(edit((o) => (o.spec.template.spec.restartPolicy = "OnFailure")))).toEqual([
      `spec.template.spec.restartPolicy: must be "Always" for a workload, got "OnFailure"`,
    ]);
  });

  it("refuses maxUnavailable and maxSurge both zero, and a bad percentage, with their paths", () => {
    const zero = edit((o) => (o.spec.updateStrategy = { rollingUpdate: { maxUnavailable: 0, maxSurge: "0%" } }));
    expect(problems(zero)).toEqual(["spec.updateStrategy.rollingUpdate.maxUnavailable: may not be 0 when maxSurge is 0"]);
    const zeroAlone = edit((o) => (o.spec.updateStrategy = { rollingUpdate: { maxUnavailable: 0 } }));
    expect(problems(zeroAlone)).toEqual(["spec.updateStrategy.rollingUpdate.maxUnavailable: may not be 0 when maxSurge is 0"]);
    const bad = edit((o) => (o.spec.updateStrategy = { rollingUpdate: { maxSurge: "half" } }));
    expect(problems(bad)).toEqual([`spec.updateStrategy.rollingUpdate.maxSurge: must be an integer or a percentage like "25%", got "half"`]);
  });

  it("accepts maxSurge 1 with maxUnavailable 0", () => {
    const ds = validateObject(edit((o) => (o.spec.updateStrategy = { rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } }))).object as DaemonSet;
    expect(ds.spec.updateStrategy?.rollingUpdate).toEqual({ maxUnavailable: 0, maxSurge: 1 });
  });

  it("refuses a rollingUpdate with OnDelete and an unknown strategy type", () => {
    expect(problems(edit((o) => (o.spec.updateStrategy = { type: "OnDelete", rollingUpdate: { maxUnavailable: 1 } })))).toEqual([
      `spec.updateStrategy.rollingUpdate: may not be specified when update strategy type is "OnDelete"`,
    ]);
    expect(problems(edit((o) => (o.spec.updateStrategy = { type: "Recreate" }))).length).toBe(1);
  });
});

describe("daemon pod tolerations", () => {
  it("are Kubernetes' six (network-unavailable only for hostNetwork pods)", () => {
    expect(daemonPodTolerations().map((t) => `${t.key}:${t.effect}`)).toEqual([
      "node.kubernetes.io/not-ready:NoExecute",
      "node.kubernetes.io/unreachable:NoExecute",
      "node.kubernetes.io/disk-pressure:NoSchedule",
      "node.kubernetes.io/memory-pressure:NoSchedule",
      "node.kubernetes.io/pid-pressure:NoSchedule",
      "node.kubernetes.io/unschedulable:NoSchedule",
    ]);
    expect(daemonPodTolerations(true)).toHaveLength(7);
  });

  it("are added once, after the template's own", () => {
    const own = [{ key: "dedicated", operator: "Equal" as const, value: "logs", effect: "NoSchedule" as const }];
    const once = withTolerations(own, daemonPodTolerations());
    expect(once[0]).toEqual(own[0]);
    expect(withTolerations(once, daemonPodTolerations())).toEqual(once);
  });
});

describe("ControllerRevision", () => {
  it("accepts a DaemonSet's revision as Kubernetes writes it, data untouched", () => {
    const data = { spec: { template: { $patch: "replace", metadata: { labels: { app: "logs" } }, spec: { containers: [{ name: "c", image: "i" }] } } } };
    const raw = { apiVersion: "apps/v1", kind: "ControllerRevision", metadata: { name: "logs-5d8f7c", namespace: "default" }, data, revision: 3 };
    const obj = validateObject(raw).object as ControllerRevision;
    expect(obj.data).toEqual(data);
    expect(obj.revision).toBe(3);
  });

  it("requires a revision, not below 0", () => {
    const raw = { apiVersion: "apps/v1", kind: "ControllerRevision", metadata: { name: "r" }, revision: -1 };
    expect(problems(raw)).toEqual(["revision: must be greater than or equal to 0, got -1"]);
    expect(problems({ ...raw, revision: undefined })).toEqual(["revision: required"]);
  });
});
