import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseManifests } from "./manifest.js";
import { ValidationError } from "./errors.js";
import type { CronJob, Job } from "./types.js";
import { validateObject } from "./validate.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

/** The Job from the Kubernetes documentation (concepts/workloads/controllers/job): pi. */
const pi = (): Obj => ({
  apiVersion: "batch/v1",
  kind: "Job",
  metadata: { name: "pi" },
  spec: {
    template: { spec: { containers: [{ name: "pi", image: "perl:5.34.0", command: ["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"] }], restartPolicy: "Never" } },
    backoffLimit: 4,
  },
});

/** The CronJob from the Kubernetes documentation (concepts/workloads/controllers/cron-jobs): hello. */
const hello = (): Obj => ({
  apiVersion: "batch/v1",
  kind: "CronJob",
  metadata: { name: "hello" },
  spec: {
    schedule: "* * * * *",
    jobTemplate: {
      spec: {
        template: {
          spec: {
            containers: [{ name: "hello", image: "busybox:1.28", imagePullPolicy: "IfNotPresent", command: ["/bin/sh", "-c", "date; echo Hello"] }],
            restartPolicy: "OnFailure",
          },
        },
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

function edit(base: () => Obj, change: (o: Obj) => void): Obj {
  const o = base();
  change(o);
  return o;
}

describe("Job", () => {
  it("accepts the documentation's pi Job and fills in Kubernetes' defaults", () => {
    const job = validateObject(pi()).object as Job;
    expect(job.metadata.namespace).toBe("default");
    expect(job.spec).toMatchObject({ completions: 1, parallelism: 1, backoffLimit: 4, completionMode: "NonIndexed", suspend: false });
    expect(job.spec.template.spec.restartPolicy).toBe("Never");
  });

  it("leaves completions unset when only parallelism is given (a work queue), as Kubernetes does", () => {
    const job = validateObject(edit(pi, (o) => (o.spec.parallelism = 3))).object as Job;
    expect(job.spec.completions).toBeUndefined();
    expect(job.spec.parallelism).toBe(3);
    expect(validateObject(pi()).object.spec).toMatchObject({ backoffLimit: 4 });
  });

  it("refuses negative counts with their paths", () => {
    const bad = edit(pi, (o) => Object.assign(o.spec, { completions: -1, parallelism: -2, backoffLimit: -3 }));
    expect(problems(bad)).toEqual([
      "spec.parallelism: must be greater than or equal to 0, got -2",
      "spec.completions: must be greater than or equal to 0, got -1",
      "spec.backoffLimit: must be greater than or equal to 0, got -3",
    ]);
  });

  it("refuses restartPolicy Always, and a template without a restartPolicy", () => {
    expect(problems(edit(pi, (o) => (o.spec.template.spec.restartPolicy = "Always")))).toEqual([
      `spec.template.spec.restartPolicy: must be "Never" or "OnFailure" for a Job, got "Always"`,
    ]);
    expect(problems(edit(pi, (o) => delete o.spec.template.spec.restartPolicy))).toEqual([
      `spec.template.spec.restartPolicy: required for a Job: "Never" or "OnFailure"`,
    ]);
  });

  it("refuses a selector that does not match the template's labels", () => {
    const bad = edit(pi, (o) => {
      o.spec.manualSelector = true;
      o.spec.selector = { matchLabels: { app: "pi" } };
      o.spec.template.metadata = { labels: { app: "other" } };
    });
    expect(problems(bad)).toEqual(["spec.selector: does not match template labels"]);
    expect(problems(edit(pi, (o) => (o.spec.manualSelector = true)))).toEqual(["spec.selector: required when manualSelector is true"]);
  });

  it("needs completions for an Indexed Job", () => {
    const bad = edit(pi, (o) => Object.assign(o.spec, { completionMode: "Indexed", parallelism: 2 }));
    expect(problems(bad)).toEqual(["spec.completions: required when completionMode is Indexed"]);
  });

  it("warns about the Kubernetes fields skiff does not implement", () => {
    const { warnings } = validateObject(edit(pi, (o) => (o.spec.podFailurePolicy = { rules: [] })));
    expect(warnings).toEqual(["spec.podFailurePolicy: not supported by skiff, ignored"]);
  });

  it("refuses a name its pods' job-name label could not hold", () => {
    expect(problems(edit(pi, (o) => (o.metadata.name = "j".repeat(64))))).toEqual(["metadata.name: must be no more than 63 characters, got 64"]);
  });
});

describe("CronJob", () => {
  it("accepts the documentation's hello CronJob with Kubernetes' defaults", () => {
    const cj = validateObject(hello()).object as CronJob;
    expect(cj.spec).toMatchObject({ concurrencyPolicy: "Allow", suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 });
    expect(cj.spec.jobTemplate.spec).toMatchObject({ completions: 1, parallelism: 1, backoffLimit: 6 });
  });

  it.each(["@hourly", "@daily", "@midnight", "@weekly", "@monthly", "@yearly", "@annually", "*/5 * * * *", "0 9 * * mon-fri", "30 2 1,15 * *", "0 0 ? jul sun", "*/15 9-17 * * 1-5", "5-55/10 * * * *"])(
    "accepts the schedule %s",
    (schedule) => expect(problems(edit(hello, (o) => (o.spec.schedule = schedule)))).toEqual([]),
  );

  it("refuses a schedule of six fields (seconds), with its path", () => {
    expect(problems(edit(hello, (o) => (o.spec.schedule = "0 * * * * *")))).toEqual([
      "spec.schedule: must have 5 fields (minute hour day-of-month month day-of-week), got 6",
    ]);
  });

  it.each([
    ["61 * * * *", /spec\.schedule: .*61/],
    ["* * * *", /spec\.schedule: must have 5 fields .*got 4/],
    ["@every 5m", /spec\.schedule: unknown macro "@every 5m"/],
    ["@secondly", /spec\.schedule: unknown macro/],
    ["0 0 L * *", /spec\.schedule: "L" in the day-of-month field: use numbers, names/],
    ["0 0 * * 5#3", /spec\.schedule: "5#3" in the day-of-week field/],
    ["H * * * *", /spec\.schedule: "H" in the minute field/],
    ["CRON_TZ=UTC * * * * *", /spec\.schedule: cannot use TZ or CRON_TZ in schedule, use the timeZone field instead/],
  ])("refuses the schedule %s", (schedule, message) => {
    const found = problems(edit(hello, (o) => (o.spec.schedule = schedule)));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(message);
  });

  it("checks the time zone", () => {
    expect(problems(edit(hello, (o) => (o.spec.timeZone = "Europe/Paris")))).toEqual([]);
    expect(problems(edit(hello, (o) => (o.spec.timeZone = "Mars/Olympus")))).toEqual([
      `spec.timeZone: unknown time zone "Mars/Olympus" (an IANA name such as "Europe/Paris" or "UTC")`,
    ]);
  });

  it("checks the Job template with its full path", () => {
    const bad = edit(hello, (o) => {
      o.spec.jobTemplate.spec.template.spec.restartPolicy = "Always";
      o.spec.jobTemplate.spec.completions = -1;
      o.spec.startingDeadlineSeconds = -5;
    });
    expect(problems(bad)).toEqual([
      "spec.startingDeadlineSeconds: must be greater than or equal to 0, got -5",
      "spec.jobTemplate.spec.completions: must be greater than or equal to 0, got -1",
      `spec.jobTemplate.spec.template.spec.restartPolicy: must be "Never" or "OnFailure" for a Job, got "Always"`,
    ]);
  });

  it("refuses a name longer than 52 characters (its Jobs add 11)", () => {
    expect(problems(edit(hello, (o) => (o.metadata.name = "c".repeat(53))))).toEqual(["metadata.name: must be no more than 52 characters, got 53"]);
  });
});

describe("examples/jobs.yaml", () => {
  it("is a valid Job and CronJob, even in strict mode", () => {
    const text = readFileSync(new URL("../../../examples/jobs.yaml", import.meta.url), "utf8");
    const checked = parseManifests(text, "examples/jobs.yaml").map((d) => validateObject(d.object, { strict: true, source: d.source }));
    expect(checked.map((c) => c.object.kind)).toEqual(["Job", "CronJob"]);
  });
});
