// Deployments with the ReplicaSets and Events their controllers would have written, created by
// hand through the SDK (no controllers needed) for the command tests.
import type { Deployment, Event, PodTemplateSpec, ReplicaSet } from "@skiff/api";
import type { SkiffClient } from "@skiff/client";

export function template(app: string, image: string, extraLabels: Record<string, string> = {}): PodTemplateSpec {
  return { metadata: { labels: { app, ...extraLabels } }, spec: { containers: [{ name: "web", image }, { name: "sidecar", image: "envoy:1" }] } };
}

export async function createDeployment(client: SkiffClient, name: string, image: string, extra: { revision?: number; replicas?: number } = {}): Promise<Deployment> {
  return client.deployments.create({
    metadata: {
      name,
      namespace: "default",
      ...(extra.revision ? { annotations: { "deployment.kubernetes.io/revision": String(extra.revision) } } : {}),
    },
    spec: { replicas: extra.replicas ?? 3, selector: { matchLabels: { app: name } }, template: template(name, image) },
  });
}

/** A ReplicaSet for one revision of `d`, as the Deployment controller names and annotates it. */
export async function createRevision(client: SkiffClient, d: Deployment, revision: number, image: string, cause?: string): Promise<ReplicaSet> {
  const app = d.metadata.name;
  const hash = `h${revision}`;
  return client.replicaSets.create({
    metadata: {
      name: `${app}-${hash}`,
      namespace: "default",
      labels: { app, "pod-template-hash": hash },
      annotations: { "deployment.kubernetes.io/revision": String(revision), ...(cause ? { "kubernetes.io/change-cause": cause } : {}) },
      ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: app, uid: d.metadata.uid ?? "", controller: true, blockOwnerDeletion: true }],
    },
    spec: { replicas: 0, selector: { matchLabels: { app, "pod-template-hash": hash } }, template: template(app, image, { "pod-template-hash": hash }) },
  });
}

export function event(name: string, about: { kind: string; name: string; uid?: string }, extra: Partial<Event> = {}): Event {
  return {
    apiVersion: "v1",
    kind: "Event",
    metadata: { name, namespace: "default" },
    involvedObject: { kind: about.kind, name: about.name, namespace: "default", ...(about.uid ? { uid: about.uid } : {}) },
    reason: "Scheduled",
    message: `about ${about.name}`,
    type: "Normal",
    count: 1,
    source: { component: "test" },
    ...extra,
  };
}
