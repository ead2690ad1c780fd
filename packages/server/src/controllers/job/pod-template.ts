// A new pod for a Job (Kubernetes' job controller: the template, an owner reference, and for an
// Indexed Job its completion index). Pure but for the random name suffix and uid, passed in.
//
//   NonIndexed   <job>-<5 chars>
//   Indexed      <job>-<index>-<5 chars>, hostname <job>-<index>, the index in the annotation
//                and label batch.kubernetes.io/job-completion-index and in the environment
//                variable JOB_COMPLETION_INDEX of every container (read from the annotation
//                through the Downward API, as Kubernetes does)
import { JOB_COMPLETION_INDEX, JOB_COMPLETION_INDEX_ENV, type Container, type Job, type Pod } from "@skiff/api";
import { controllerRef } from "../owners.js";
import { generateName } from "../replicaset/pod-template.js";

export function jobPodName(job: Job, index: number | undefined, random?: () => number): string {
  return generateName(index === undefined ? job.metadata.name : `${job.metadata.name}-${index}`, random);
}

function withIndexEnv(c: Container): Container {
  const env = (c.env ?? []).filter((e) => e.name !== JOB_COMPLETION_INDEX_ENV);
  const fieldPath = `metadata.annotations['${JOB_COMPLETION_INDEX}']`;
  return { ...c, env: [...env, { name: JOB_COMPLETION_INDEX_ENV, valueFrom: { fieldRef: { fieldPath } } }] };
}

export function podForJob(job: Job, name: string, uid: string, now: Date, index?: number): Pod {
  const meta = job.spec.template.metadata ?? {};
  const labels = { ...meta.labels };
  const annotations = { ...meta.annotations };
  const spec = structuredClone(job.spec.template.spec);
  if (index !== undefined) {
    labels[JOB_COMPLETION_INDEX] = String(index);
    annotations[JOB_COMPLETION_INDEX] = String(index);
    spec.hostname ??= `${job.metadata.name}-${index}`.slice(0, 63);
    spec.containers = spec.containers.map(withIndexEnv);
  }
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: job.metadata.namespace,
      ...(Object.keys(labels).length ? { labels } : {}),
      ...(Object.keys(annotations).length ? { annotations } : {}),
      uid,
      creationTimestamp: now.toISOString(),
      generation: 1,
      ownerReferences: [controllerRef(job)],
    },
    spec,
    status: { phase: "Pending" },
  };
}
