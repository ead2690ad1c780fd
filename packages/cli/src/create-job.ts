// The Jobs `skiff create job` makes, as `kubectl create job` makes them. Pure.
//
//   --from=cronjob/NAME   the CronJob's jobTemplate, annotated cronjob.kubernetes.io/instantiate:
//                         manual, owned by the CronJob (controller, without blockOwnerDeletion,
//                         as kubectl does), so it goes when the CronJob is deleted
//   --image=IMG -- CMD    one container named after the Job, restartPolicy Never
import { CRONJOB_INSTANTIATE_ANNOTATION, type CronJob, type Job } from "@skiff/api";

export function jobFromCronJob(name: string, cj: CronJob): Job {
  const template = cj.spec.jobTemplate;
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: {
      name,
      namespace: cj.metadata.namespace,
      annotations: { [CRONJOB_INSTANTIATE_ANNOTATION]: "manual", ...template.metadata?.annotations },
      ...(template.metadata?.labels ? { labels: { ...template.metadata.labels } } : {}),
      ownerReferences: [{ apiVersion: "batch/v1", kind: "CronJob", name: cj.metadata.name, uid: cj.metadata.uid ?? "", controller: true }],
    },
    spec: structuredClone(template.spec),
  };
}

export function jobFromImage(name: string, namespace: string, image: string, command: readonly string[]): Job {
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name, namespace },
    spec: {
      template: {
        spec: {
          containers: [{ name, image, ...(command.length ? { command: [...command] } : {}) }],
          restartPolicy: "Never",
        },
      },
    },
  };
}
