// Jobs and CronJobs on real agents and real Docker (issue 12's "must hold"): a Job of 5
// completions runs exactly 5 successful pods and never more than 2 at once; a failing Job stops
// after its backoffLimit with BackoffLimitExceeded; a CronJob `* * * * *` makes a Job within a
// real minute; kubectl prints the Tables a Kubernetes cluster prints.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CronJob, Job, Pod } from "@skiff/api";
import { TEST_IMAGE, TestCluster, eventually } from "./support/cluster.js";
import { Kubectl, kubectlClientVersion } from "./support/kubectl.js";
import { tempDir } from "./support/skiff.js";

let cluster: TestCluster;
let kubectl: Kubectl;
let dir: { path: string; remove(): Promise<void> };
let cronStarted = 0;

beforeAll(async () => {
  console.log(`kubectl under test: ${await kubectlClientVersion()}`);
  dir = await tempDir("jobs");
  cluster = await TestCluster.start({ agents: 2 });
  kubectl = new Kubectl(cluster.server.kubeconfigPath, join(dir.path, "home"));
  // The CronJob goes in first: its real minute passes while the Job tests run.
  cronStarted = Date.now();
  await apply({
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: { name: "tick" },
    spec: {
      schedule: "* * * * *",
      jobTemplate: { spec: { template: { spec: { restartPolicy: "OnFailure", containers: [{ name: "main", image: TEST_IMAGE, command: ["sh", "-c", "date"] }] } } } },
    },
  });
}, 120_000);

afterAll(async () => {
  await cluster?.dispose();
  await dir?.remove();
});

const job = (name: string, spec: Record<string, unknown>, command: string[]) => ({
  apiVersion: "batch/v1",
  kind: "Job",
  metadata: { name },
  spec: {
    ...spec,
    template: { spec: { restartPolicy: "Never", terminationGracePeriodSeconds: 1, containers: [{ name: "main", image: TEST_IMAGE, command }] } },
  },
});

async function apply(obj: unknown): Promise<void> {
  const r = await cluster.skiff(["apply", "-f", "-"], JSON.stringify(obj));
  expect(r.code, r.stderr).toBe(0);
}

const isFinished = (p: Pod) => p.status?.phase === "Succeeded" || p.status?.phase === "Failed";
const isActive = (p: Pod) => !p.metadata.deletionTimestamp && !isFinished(p);

/**
 * Watches a Job's pods the whole time (list, then watch from its revision, started before the Job
 * exists) and records the most that were active at once and every pod that succeeded.
 */
async function watchJobPods(jobName: string) {
  const selector = `batch.kubernetes.io/job-name=${jobName}`;
  const pods = new Map<string, Pod>();
  const listed = await cluster.client.pods.list({ labelSelector: selector });
  for (const p of listed.items) pods.set(p.metadata.name, p as Pod);
  const seen = { maxActive: 0, atMax: "", succeeded: new Set<string>(), everCreated: new Set<string>() };
  const ac = new AbortController();
  const done = (async () => {
    for await (const ev of cluster.client.watch("Pod", { labelSelector: selector, resourceVersion: listed.resourceVersion, signal: ac.signal })) {
      const pod = ev.object as Pod | undefined;
      if (!pod) continue;
      if (ev.type === "DELETED") pods.delete(pod.metadata.name);
      else pods.set(pod.metadata.name, pod);
      seen.everCreated.add(pod.metadata.name);
      if (pod.status?.phase === "Succeeded") seen.succeeded.add(pod.metadata.name);
      const active = [...pods.values()].filter(isActive);
      if (active.length > seen.maxActive) {
        seen.maxActive = active.length;
        seen.atMax = JSON.stringify(active.map((p) => [p.metadata.name, p.status?.phase]));
      }
    }
  })().catch(() => undefined);
  return { seen, stop: async () => (ac.abort(), await done) };
}

async function untilCondition(name: string, type: string, timeoutMs: number): Promise<Job> {
  return eventually(async () => {
    const j = (await cluster.client.jobs.get(name)) as Job;
    const c = j.status?.conditions?.find((x) => x.type === type && x.status === "True");
    if (!c) throw new Error(`job ${name}: ${JSON.stringify(j.status)}`);
    return j;
  }, timeoutMs);
}

describe("Jobs and CronJobs on real nodes", () => {
  it("a Job of 5 completions, parallelism 2: exactly 5 successful pods, never more than 2 at once", async () => {
    const bounds = await watchJobPods("count");
    await apply(job("count", { completions: 5, parallelism: 2 }, ["sh", "-c", "sleep 2; echo done"]));
    const done = await untilCondition("count", "Complete", 110_000);
    await bounds.stop();
    expect(bounds.seen.maxActive, bounds.seen.atMax).toBeLessThanOrEqual(2);
    expect(bounds.seen.maxActive).toBe(2);
    expect(bounds.seen.succeeded.size).toBe(5);
    expect(bounds.seen.everCreated.size).toBe(5);
    expect(done.status).toMatchObject({ succeeded: 5, failed: 0, active: 0 });
    expect(done.status?.conditions?.find((c) => c.type === "Complete")?.reason).toBe("CompletionsReached");
    // Finished pods are kept, for their logs, until the Job goes.
    const { items } = await cluster.client.pods.list({ labelSelector: "batch.kubernetes.io/job-name=count" });
    expect(items.filter((p) => (p as Pod).status?.phase === "Succeeded")).toHaveLength(5);
    const logs = await cluster.skiff(["logs", items[0]?.metadata.name ?? ""]);
    expect(logs.stdout).toContain("done");

    const get = await cluster.skiff(["get", "jobs"]);
    expect(get.code, get.stderr).toBe(0);
    expect(get.stdout).toMatch(/^NAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE\n/);
    expect(get.stdout).toMatch(/\ncount\s+Complete\s+5\/5\s+\S+\s+\S+/);

    // Deleting the Job takes its pods with it (the garbage collector follows the owner references).
    const del = await cluster.skiff(["delete", "job", "count"]);
    expect(del.code, del.stderr).toBe(0);
    await eventually(async () => {
      const left = await cluster.client.pods.list({ labelSelector: "batch.kubernetes.io/job-name=count" });
      expect(left.items).toHaveLength(0);
    }, 30_000);
  }, 150_000);

  it("a Job whose command exits 1 stops after backoffLimit 1 with BackoffLimitExceeded", async () => {
    // backoffLimit 1: one replacement, after 10 s (Kubernetes' pod failure backoff); a limit of 2
    // would wait 20 s more for a second. Counting against other limits, and the growing backoff,
    // are job-plan.test.ts's and job-plan.property.test.ts's.
    await apply(job("fails", { backoffLimit: 1 }, ["sh", "-c", "echo failing; exit 1"]));
    const failed = await untilCondition("fails", "Failed", 110_000);
    expect(failed.status?.conditions?.find((c) => c.type === "Failed")).toMatchObject({ reason: "BackoffLimitExceeded", message: "Job has reached the specified backoff limit" });
    expect(failed.status).toMatchObject({ failed: 2, succeeded: 0, active: 0 });
    const { items } = await cluster.client.pods.list({ labelSelector: "batch.kubernetes.io/job-name=fails" });
    expect(items.map((p) => (p as Pod).status?.phase)).toEqual(["Failed", "Failed"]);
    const describe = await cluster.skiff(["describe", "job", "fails"]);
    expect(describe.stdout).toMatch(/Pods Statuses:\s+0 Active \(0 Ready\) \/ 0 Succeeded \/ 2 Failed/);
    expect(describe.stdout).toContain("BackoffLimitExceeded");
  }, 150_000);

  it("a CronJob `* * * * *` makes a Job within a real minute, named by its scheduled minute", async () => {
    const started = cronStarted; // applied in beforeAll
    const made = await eventually(async () => {
      const { items } = await cluster.client.jobs.list({ namespace: "default" });
      const mine = (items as Job[]).filter((j) => j.metadata.ownerReferences?.some((r) => r.kind === "CronJob" && r.name === "tick"));
      if (mine.length === 0) throw new Error("no Job from the CronJob yet");
      return mine;
    }, 80_000);
    for (const j of made) expect(j.metadata.name).toMatch(/^tick-\d+$/);
    const minutes = made.map((j) => Number(j.metadata.name.slice("tick-".length))).sort((a, b) => a - b);
    // The first is the first minute boundary after the CronJob was made; one a minute after that.
    expect(minutes[0]! * 60_000 - started).toBeGreaterThan(0);
    if (minutes.length < 3) expect(minutes[0]! * 60_000 - started).toBeLessThanOrEqual(60_000); // (3: the history limit may have pruned the first)
    expect(minutes.every((m, i) => i === 0 || m === minutes[i - 1]! + 1)).toBe(true);
    const newest = minutes.at(-1)!;
    expect(Math.abs(newest * 60_000 - Date.now())).toBeLessThan(90_000);
    await eventually(async () => {
      const cj = (await cluster.client.cronJobs.get("tick")) as CronJob;
      const last = Date.parse(cj.status?.lastScheduleTime ?? "");
      // The newest Job's minute, or one later if the next one came meanwhile.
      expect(last === newest * 60_000 || last === (newest + 1) * 60_000).toBe(true);
    }, 10_000);
    const first = made.find((j) => j.metadata.name === `tick-${minutes[0]}`)!;
    await untilCondition(first.metadata.name, "Complete", 60_000);
    await eventually(async () => {
      const after = (await cluster.client.cronJobs.get("tick")) as CronJob;
      expect(after.status?.lastSuccessfulTime).toBeDefined();
    }, 20_000);

    const get = await cluster.skiff(["get", "cronjobs"]);
    expect(get.stdout).toMatch(/^NAME\s+SCHEDULE\s+TIMEZONE\s+SUSPEND\s+ACTIVE\s+LAST SCHEDULE\s+AGE\n/);
    expect(get.stdout).toMatch(/\ntick\s+\* \* \* \* \*\s+<none>\s+False\s+\d+\s+\S+\s+\S+/);

    // Run it now, by hand, as `kubectl create job --from=cronjob/tick` does.
    const manual = await cluster.skiff(["create", "job", "tick-now", "--from=cronjob/tick"]);
    expect(manual.code, manual.stderr).toBe(0);
    expect(manual.stdout).toBe("job.batch/tick-now created\n");
    await untilCondition("tick-now", "Complete", 60_000);
    await cluster.skiff(["delete", "cronjob", "tick"]);
  }, 200_000);

  it("kubectl sees batch/v1: api-resources, and the Tables of get jobs and get cronjobs", async () => {
    await apply(job("table", { completions: 1 }, ["true"]));
    await untilCondition("table", "Complete", 60_000);
    const resources = await kubectl.run(["api-resources", "--api-group=batch"]);
    expect(resources.code, resources.stderr).toBe(0);
    expect(resources.stdout).toMatch(/\ncronjobs\s+cj\s+batch\/v1\s+true\s+CronJob\n/);
    expect(resources.stdout).toMatch(/\njobs\s+batch\/v1\s+true\s+Job\n/);

    const jobs = await kubectl.run(["get", "jobs"]);
    expect(jobs.code, jobs.stderr).toBe(0);
    expect(jobs.stdout).toMatch(/^NAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE\n/);
    expect(jobs.stdout).toMatch(/\ntable\s+Complete\s+1\/1\s+\S+\s+\S+/);
    const wide = await kubectl.run(["get", "job", "table", "-o", "wide"]);
    expect(wide.stdout).toMatch(/^NAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR\n/);
    expect(wide.stdout).toContain("batch.kubernetes.io/controller-uid=");

    // By a manifest, not `kubectl create cronjob`: Debian's kubectl 1.20 would make a batch/v1beta1 one.
    const nightly = (schedule: string) => `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "${schedule}"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers: [{name: hi, image: ${TEST_IMAGE}, command: [echo, hi]}]
`;
    const created = await kubectl.run(["apply", "-f", "-"], { input: nightly("0 3 * * *") });
    expect(created.code, created.stderr).toBe(0);
    const cronjobs = await kubectl.run(["get", "cj"]);
    expect(cronjobs.code, cronjobs.stderr).toBe(0);
    expect(cronjobs.stdout).toMatch(/^NAME\s+SCHEDULE\s+TIMEZONE\s+SUSPEND\s+ACTIVE\s+LAST SCHEDULE\s+AGE\n/);
    expect(cronjobs.stdout).toMatch(/\nnightly\s+0 3 \* \* \*\s+<none>\s+False\s+0\s+<none>\s+\S+/);

    const bad = await kubectl.run(["apply", "-f", "-"], { input: nightly("0 0 3 * * *") });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("spec.schedule: must have 5 fields");
  }, 150_000);
});
