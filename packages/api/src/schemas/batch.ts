// Job and CronJob (batch/v1): a pod template that runs to completion, and a schedule for Jobs.
import { z } from "zod";
import { checkSchedule, isValidTimeZone } from "../cron.js";
import { quote } from "../issues.js";
import { bool, int, issue, isRecord, kobject, str } from "./fields.js";
import { labelSelector, objectMeta, templateMeta } from "./meta.js";
import { checkVolumeMounts, podTemplateSpec, status } from "./pod.js";
import { checkSelectsTemplate } from "./workloads.js";

type Ctx = z.core.$RefinementCtx;

// A Job's name becomes the value of its pods' job-name label (63 characters at most); a CronJob's
// gets `-<11 digits>` added for its Jobs' names (Kubernetes: 52).
const MAX_JOB_NAME = 63;
const MAX_CRONJOB_NAME = 52;

/** Kubernetes' rules across a JobSpec's fields; paths are relative to the spec. */
function checkJobSpec(spec: Record<string, unknown>, ctx: Ctx): void {
  const template = isRecord(spec.template) ? spec.template : {};
  const podSpec = isRecord(template.spec) ? template.spec : {};
  const policy = podSpec.restartPolicy;
  if (policy === undefined) issue(ctx, ["template", "spec", "restartPolicy"], `required for a Job: "Never" or "OnFailure"`);
  else if (policy !== "Never" && policy !== "OnFailure") {
    issue(ctx, ["template", "spec", "restartPolicy"], `must be "Never" or "OnFailure" for a Job, got ${quote(policy)}`);
  }
  if (spec.completionMode === "Indexed" && spec.completions === undefined) {
    issue(ctx, ["completions"], "required when completionMode is Indexed");
  }
  if (spec.manualSelector === true && spec.selector === undefined) {
    issue(ctx, ["selector"], "required when manualSelector is true");
  }
  checkSelectsTemplate(spec, template, ctx);
}

const jobSpec = kobject(
  "JobSpec",
  {
    parallelism: int(0).optional(),
    completions: int(0).optional(),
    backoffLimit: int(0).optional(),
    activeDeadlineSeconds: int(1).optional(),
    ttlSecondsAfterFinished: int(0).optional(),
    completionMode: z.enum(["NonIndexed", "Indexed"]).optional(),
    suspend: bool().optional(),
    manualSelector: bool().optional(),
    selector: labelSelector.optional(),
    template: podTemplateSpec,
  },
  checkJobSpec,
);

const jobTemplateSpec = kobject("JobTemplateSpec", { metadata: templateMeta.optional(), spec: jobSpec });

const cronJobSpec = kobject("CronJobSpec", {
  schedule: str().superRefine((s, ctx) => {
    const bad = checkSchedule(s);
    if (bad) issue(ctx, [], bad);
  }),
  timeZone: str()
    .superRefine((zone, ctx) => {
      if (!isValidTimeZone(zone)) issue(ctx, [], `unknown time zone ${quote(zone)} (an IANA name such as "Europe/Paris" or "UTC")`);
    })
    .optional(),
  startingDeadlineSeconds: int(0).optional(),
  concurrencyPolicy: z.enum(["Allow", "Forbid", "Replace"]).optional(),
  suspend: bool().optional(),
  jobTemplate: jobTemplateSpec,
  successfulJobsHistoryLimit: int(0).optional(),
  failedJobsHistoryLimit: int(0).optional(),
});

function checkNameLength(meta: unknown, max: number, ctx: Ctx): void {
  const name = isRecord(meta) ? meta.name : undefined;
  if (typeof name === "string" && name.length > max) issue(ctx, ["metadata", "name"], `must be no more than ${max} characters, got ${name.length}`);
}

export const job = kobject(
  "Job",
  { apiVersion: z.unknown(), kind: z.unknown(), metadata: objectMeta("Job", "subdomain", true), spec: jobSpec, status: status() },
  (j, ctx) => {
    checkNameLength(j.metadata, MAX_JOB_NAME, ctx);
    const template = isRecord(j.spec) && isRecord(j.spec.template) ? j.spec.template : {};
    checkVolumeMounts(template.spec, [], ctx, ["spec", "template", "spec"]);
  },
);

export const cronJob = kobject(
  "CronJob",
  { apiVersion: z.unknown(), kind: z.unknown(), metadata: objectMeta("CronJob", "subdomain", true), spec: cronJobSpec, status: status() },
  (c, ctx) => {
    checkNameLength(c.metadata, MAX_CRONJOB_NAME, ctx);
    const jobTemplate = isRecord(c.spec) && isRecord(c.spec.jobTemplate) ? c.spec.jobTemplate : {};
    const template = isRecord(jobTemplate.spec) && isRecord(jobTemplate.spec.template) ? jobTemplate.spec.template : {};
    checkVolumeMounts(template.spec, [], ctx, ["spec", "jobTemplate", "spec", "template", "spec"]);
  },
);
