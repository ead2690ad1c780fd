import { describe, expect, it } from "vitest";
import type { ApiObject } from "@skiff/api";
import { AdmissionForbiddenError, chargeQuotas, recordedUsed, withUsed, type QuotaState } from "./quota-check.js";
import { NOW, pod, quota } from "./test-fixtures.js";

const state = (q: ReturnType<typeof quota>): QuotaState => ({ quota: q, used: recordedUsed(q) ?? {} });
const refusal = (states: QuotaState[], created: ApiObject[]) => {
  try {
    chargeQuotas(states, created, NOW);
  } catch (err) {
    expect(err).toBeInstanceOf(AdmissionForbiddenError);
    return (err as Error).message;
  }
  return "admitted";
};

describe("ResourceQuota admission: charge or refuse, in Kubernetes' words", () => {
  it.each<[string, QuotaState[], ApiObject[], string]>([
    ["the fifth pod of a quota of 4", [state(quota("q", { pods: "4" }, { pods: "4" }))], [pod("web-5")], 'pods "web-5" is forbidden: exceeded quota: q, requested: pods=1, used: pods=4, limited: pods=4'],
    ["a pod that does not set the limits a quota limits", [state(quota("q", { "limits.cpu": "2", "limits.memory": "1Gi", pods: "10" }, { "limits.cpu": "0", "limits.memory": "0", pods: "0" }))], [pod("web", [{}, {}])], 'pods "web" is forbidden: failed quota: q: must specify limits.cpu for: app,side1; limits.memory for: app,side1'],
    ["cpu beyond requests.cpu", [state(quota("q", { "requests.cpu": "1" }, { "requests.cpu": "800m" }))], [pod("big", [{ requests: { cpu: "300m" } }])], 'pods "big" is forbidden: exceeded quota: q, requested: requests.cpu=300m, used: requests.cpu=800m, limited: requests.cpu=1'],
    ["cpu, the alias, counts requests", [state(quota("q", { cpu: "500m", pods: "9" }, { cpu: "0", pods: "0" }))], [pod("a", [{ requests: { cpu: "600m" } }])], 'pods "a" is forbidden: exceeded quota: q, requested: cpu=600m, used: cpu=0, limited: cpu=500m'],
    ["a batch that overflows on its third pod", [state(quota("q", { pods: "4" }, { pods: "2" }))], [pod("a"), pod("b"), pod("c")], 'pods "c" is forbidden: exceeded quota: q, requested: pods=1, used: pods=4, limited: pods=4'],
    ["object counts", [state(quota("q", { "count/deployments.apps": "1" }, { "count/deployments.apps": "1" }))], [{ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "d", namespace: "team-a" } }], 'deployments "d" is forbidden: exceeded quota: q, requested: count/deployments.apps=1, used: count/deployments.apps=1, limited: count/deployments.apps=1'],
    ["the first refusing quota, by name", [state(quota("b", { pods: "1" }, { pods: "1" })), state(quota("a", { pods: "2" }, { pods: "2" }))], [pod("x")], 'pods "x" is forbidden: exceeded quota: a, requested: pods=1, used: pods=2, limited: pods=2'],
  ])("refuses %s", (_, states, created, message) => {
    expect(refusal(states, created)).toBe(message);
  });

  it.each<[string, QuotaState[], ApiObject[]]>([
    ["the fourth pod of 4", [state(quota("q", { pods: "4" }, { pods: "3" }))], [pod("web-4")]],
    ["a Succeeded pod in a full quota (it costs nothing)", [state(quota("q", { pods: "1" }, { pods: "1" }))], [pod("done", [{}], "Succeeded")]],
    ["a ConfigMap in a quota of pods", [state(quota("q", { pods: "0" }, { pods: "0" }))], [{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "team-a" } }]],
    ["a pod without resources in a quota of secrets", [state(quota("q", { secrets: "1" }, { secrets: "0" }))], [pod("p")]],
  ])("admits %s", (_, states, created) => {
    expect(refusal(states, created)).toBe("admitted");
  });

  it("returns the charged quotas with their new usage, written back as Kubernetes prints it", () => {
    const q = quota("q", { pods: "4", "requests.memory": "1Gi", secrets: "3" }, { pods: "1", "requests.memory": "128Mi", secrets: "0" });
    const [charged, ...rest] = chargeQuotas([state(q)], [pod("a", [{ requests: { memory: "128Mi" } }]), pod("b", [{ requests: { memory: "256Mi" } }])], NOW);
    expect(rest).toEqual([]);
    expect(withUsed(q, charged?.used ?? {}).status).toEqual({ hard: q.spec?.hard, used: { pods: "3", "requests.memory": "512Mi", secrets: "0" } });
  });

  it("charges nothing when no quota limits what is created", () => {
    expect(chargeQuotas([state(quota("q", { secrets: "1" }, { secrets: "0" }))], [pod("a")], NOW)).toEqual([]);
  });

  it("knows a quota's usage only when its status covers every name of its spec", () => {
    expect(recordedUsed(quota("q", { pods: "4" }))).toBeUndefined();
    expect(recordedUsed({ ...quota("q", { pods: "4", secrets: "2" }), status: { used: { pods: "1" } } })).toBeUndefined();
    expect(recordedUsed(quota("q", { pods: "4", "requests.cpu": "2" }, { pods: "1", "requests.cpu": "500m" }))).toEqual({ pods: 1, "requests.cpu": 500 });
  });
});
