import { describe, expect, it } from "vitest";
import { ValidationError, validateObject, type Job } from "@skiff/api";
import { planApply, planCreate } from "./apply-plan.js";
import { checkImmutable } from "./immutable.js";

const inputs = { now: new Date("2026-01-02T03:04:05.000Z"), newUid: () => "uid-1" };

const job = (change: (j: Job) => void = () => {}): Job => {
  const raw = {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: "pi" },
    spec: { template: { metadata: { labels: { app: "pi" } }, spec: { containers: [{ name: "pi", image: "busybox" }], restartPolicy: "Never" } } },
  };
  const j = validateObject(raw).object as Job;
  change(j);
  return j;
};

describe("a Job's generated selector", () => {
  it("selects the new uid and labels the template as Kubernetes does", () => {
    const created = planCreate(job(), inputs) as Job;
    expect(created.spec.selector).toEqual({ matchLabels: { "batch.kubernetes.io/controller-uid": "uid-1" } });
    expect(created.spec.template.metadata?.labels).toEqual({
      app: "pi",
      "controller-uid": "uid-1",
      "batch.kubernetes.io/controller-uid": "uid-1",
      "job-name": "pi",
      "batch.kubernetes.io/job-name": "pi",
    });
  });

  it("is left alone with manualSelector", () => {
    const manual = job((j) => Object.assign(j.spec, { manualSelector: true, selector: { matchLabels: { app: "pi" } } }));
    expect((planCreate(manual, inputs) as Job).spec.selector).toEqual({ matchLabels: { app: "pi" } });
  });

  it("refuses a selector the user chose without manualSelector when it cannot select the new uid", () => {
    const chosen = job((j) => (j.spec.selector = { matchLabels: { "batch.kubernetes.io/controller-uid": "someone-else" } }));
    expect(() => planCreate(chosen, inputs)).toThrow(ValidationError);
    expect(() => planCreate(chosen, inputs)).toThrow(/spec.selector: `selector` not auto-generated/);
  });

  it("refuses a Job copied from another (its old uid in selector and labels) as Kubernetes does", () => {
    const stored = planCreate(job(), { ...inputs, newUid: () => "uid-old" }) as Job;
    const copy = { ...stored, metadata: { name: "pi-copy", namespace: "default" } };
    expect(() => planCreate(copy, inputs)).toThrow('spec.template.metadata.labels["batch.kubernetes.io/controller-uid"]: set by the server');
  });

  it("is kept when the same manifest is applied again: nothing changes", () => {
    const stored = { ...planCreate(job(), inputs), metadata: { ...planCreate(job(), inputs).metadata, resourceVersion: "4" } };
    const plan = planApply(job(), stored, inputs);
    expect(plan.action).toBe("unchanged");
  });

  it("makes the selector and the template immutable", () => {
    const stored = planCreate(job(), inputs) as Job;
    const changed = planApply(job((j) => (j.spec.template.spec.containers[0]!.image = "busybox:2")), stored, inputs).object;
    expect(() => checkImmutable(changed, stored)).toThrow(/spec.template: Forbidden: field is immutable/);
    const suspended = planApply(job((j) => (j.spec.suspend = true)), stored, inputs).object;
    expect(() => checkImmutable(suspended, stored)).not.toThrow();
  });
});
