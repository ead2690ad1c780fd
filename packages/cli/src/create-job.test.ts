import { describe, expect, it } from "vitest";
import { validateObject, type CronJob } from "@skiff/api";
import { jobFromCronJob, jobFromImage } from "./create-job.js";

const cronJob = validateObject({
  apiVersion: "batch/v1",
  kind: "CronJob",
  metadata: { name: "backup", namespace: "ops", uid: "uid-backup" },
  spec: {
    schedule: "@daily",
    jobTemplate: {
      metadata: { labels: { app: "backup" }, annotations: { team: "db" } },
      spec: { template: { spec: { containers: [{ name: "b", image: "busybox" }], restartPolicy: "OnFailure" } } },
    },
  },
}).object as CronJob;

describe("skiff create job", () => {
  it("--from=cronjob/NAME: the CronJob's template, marked manual and owned by the CronJob, as kubectl makes it", () => {
    const job = jobFromCronJob("backup-now", cronJob);
    expect(job.metadata).toEqual({
      name: "backup-now",
      namespace: "ops",
      labels: { app: "backup" },
      annotations: { "cronjob.kubernetes.io/instantiate": "manual", team: "db" },
      ownerReferences: [{ apiVersion: "batch/v1", kind: "CronJob", name: "backup", uid: "uid-backup", controller: true }],
    });
    expect(job.spec).toEqual(cronJob.spec.jobTemplate.spec);
    expect(() => validateObject(job)).not.toThrow();
  });

  it("--image=IMG -- CMD: one container named after the Job, restartPolicy Never", () => {
    const job = jobFromImage("pi", "default", "busybox", ["sh", "-c", "echo hi"]);
    expect(job.spec.template.spec).toEqual({ containers: [{ name: "pi", image: "busybox", command: ["sh", "-c", "echo hi"] }], restartPolicy: "Never" });
    expect(validateObject(job).object.spec).toMatchObject({ completions: 1, backoffLimit: 6 });
  });
});
