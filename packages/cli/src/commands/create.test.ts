// skiff create job against a real server (no controllers: the objects as the API stores them).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CronJob, Job } from "@skiff/api";
import { skiff, startServer, type TestServer } from "../test-cli.js";

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s?.close());

describe("create job", () => {
  it("--from=cronjob/NAME: the CronJob's Job, marked manual and owned by it, with a generated selector", async () => {
    const cj = (await s.client.cronJobs.create({
      metadata: { name: "backup" },
      spec: { schedule: "@daily", jobTemplate: { spec: { template: { spec: { containers: [{ name: "b", image: "busybox" }], restartPolicy: "OnFailure" } } } } },
    })) as CronJob;
    expect(await s.at("create", "job", "backup-now", "--from=cronjob/backup")).toEqual({ code: 0, stdout: "job.batch/backup-now created\n", stderr: "" });
    const job = (await s.client.jobs.get("backup-now")) as Job;
    expect(job.metadata.annotations).toEqual({ "cronjob.kubernetes.io/instantiate": "manual" });
    expect(job.metadata.ownerReferences).toEqual([{ apiVersion: "batch/v1", kind: "CronJob", name: "backup", uid: cj.metadata.uid, controller: true }]);
    expect(job.spec.selector).toEqual({ matchLabels: { "batch.kubernetes.io/controller-uid": job.metadata.uid } });
    expect(job.spec.template.metadata?.labels?.["batch.kubernetes.io/job-name"]).toBe("backup-now");
  });

  it("--image=IMG -- CMD: a one-container Job, restartPolicy Never", async () => {
    // `--server` before `--`: what follows `--` is the command.
    const made = await skiff("create", "job", "pi", "--image=busybox", "--server", s.address, "--", "sh", "-c", "echo 3.14");
    expect(made.code, made.stderr).toBe(0);
    const job = (await s.client.jobs.get("pi")) as Job;
    expect(job.spec.template.spec).toMatchObject({ restartPolicy: "Never", containers: [{ name: "pi", image: "busybox", command: ["sh", "-c", "echo 3.14"] }] });
    expect(job.spec).toMatchObject({ completions: 1, parallelism: 1, backoffLimit: 6 });
    const get = await s.at("get", "jobs");
    expect(get.stdout).toMatch(/^NAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE\n/);
    expect(get.stdout).toMatch(/\npi\s+Running\s+0\/1\s+\S+/);
  });

  it("says what is wrong: no source, a source that is not a CronJob, a CronJob that does not exist", async () => {
    expect(await s.at("create", "job", "x")).toMatchObject({ code: 1, stderr: "error: give either --from=cronjob/NAME or --image=IMAGE\n" });
    expect(await s.at("create", "job", "x", "--from=deployment/web")).toMatchObject({ code: 1, stderr: 'error: --from must be cronjob/NAME, got "deployment/web"\n' });
    expect(await s.at("create", "job", "x", "--from=cj/ghost")).toEqual({ code: 1, stdout: "", stderr: 'Error from server (NotFound): cronjobs.batch "ghost" not found\n' });
  });
});
