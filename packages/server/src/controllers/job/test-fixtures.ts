// Builders for Job and pod test cases. Test code only.
import { JOB_COMPLETION_INDEX, type Job, type JobSpec, type JobStatus, type Pod, type PodPhase } from "@skiff/api";

export const T0 = new Date("2024-01-01T00:00:00Z");
export const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

export function job(spec: Partial<JobSpec> = {}, status?: JobStatus): Job {
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: "pi", namespace: "default", uid: "uid-pi", generation: 1, creationTimestamp: T0.toISOString() },
    spec: {
      completions: 1,
      parallelism: 1,
      backoffLimit: 6,
      completionMode: "NonIndexed",
      suspend: false,
      selector: { matchLabels: { "batch.kubernetes.io/controller-uid": "uid-pi" } },
      template: {
        metadata: { labels: { "batch.kubernetes.io/controller-uid": "uid-pi", "batch.kubernetes.io/job-name": "pi" } },
        spec: { containers: [{ name: "pi", image: "busybox" }], restartPolicy: "Never" },
      },
      ...spec,
    },
    ...(status ? { status } : {}),
  };
}

export interface PodOpts {
  phase?: PodPhase;
  index?: number;
  restarts?: number;
  ready?: boolean;
  /** Seconds after T0 when it was created. */
  created?: number;
  /** Seconds after T0 when its container finished. */
  finished?: number;
  owner?: Job;
}

export function pod(name: string, o: PodOpts = {}): Pod {
  const owner = o.owner ?? job();
  const index: Record<string, string> = o.index === undefined ? {} : { [JOB_COMPLETION_INDEX]: String(o.index) };
  const phase = o.phase ?? "Running";
  const finished = o.finished ?? o.created ?? 0;
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: "default",
      uid: `uid-${name}`,
      labels: { ...owner.spec.template.metadata?.labels, ...index },
      annotations: index,
      creationTimestamp: at(o.created ?? 0).toISOString(),
      ownerReferences: [{ apiVersion: "batch/v1", kind: "Job", name: owner.metadata.name, uid: owner.metadata.uid ?? "", controller: true }],
    },
    spec: { containers: [{ name: "pi", image: "busybox" }], restartPolicy: owner.spec.template.spec.restartPolicy ?? "Never" },
    status: {
      phase,
      conditions: o.ready ? [{ type: "Ready", status: "True", lastTransitionTime: at(0).toISOString() }] : [],
      containerStatuses: [
        {
          name: "pi",
          ready: !!o.ready,
          restartCount: o.restarts ?? 0,
          image: "busybox",
          imageID: "",
          ...(phase === "Succeeded" || phase === "Failed"
            ? { state: { terminated: { exitCode: phase === "Succeeded" ? 0 : 1, finishedAt: at(finished).toISOString() } } }
            : {}),
        },
      ],
    },
  };
}
