// A tiny cluster for tests of the Deployment plan: ReplicaSets whose pods appear at once and
// become available when the test says. Test code only (not exported from index.ts).
import type { Deployment, IntOrString, ReplicaSet } from "@skiff/api";
import { planDeployment, type DeploymentPlan } from "./deployment-plan.js";

export const T0 = new Date("2024-01-01T00:00:00Z");

export function deployment(opts: { replicas?: number; image?: string; maxSurge?: IntOrString; maxUnavailable?: IntOrString; recreate?: boolean; paused?: boolean; historyLimit?: number; deadline?: number } = {}): Deployment {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "default", uid: "uid-web", generation: 1, creationTimestamp: T0.toISOString(), resourceVersion: "1" },
    spec: {
      replicas: opts.replicas ?? 4,
      selector: { matchLabels: { app: "web" } },
      template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "main", image: opts.image ?? "web:1" }] } },
      strategy: opts.recreate
        ? { type: "Recreate" }
        : { type: "RollingUpdate", rollingUpdate: { maxSurge: opts.maxSurge ?? 1, maxUnavailable: opts.maxUnavailable ?? 1 } },
      minReadySeconds: 0,
      revisionHistoryLimit: opts.historyLimit ?? 10,
      progressDeadlineSeconds: opts.deadline ?? 600,
      paused: opts.paused ?? false,
    },
  };
}

interface SimPod {
  available: boolean;
}

/** The cluster: the Deployment, its ReplicaSets, and each ReplicaSet's pods. */
export class Sim {
  rss: ReplicaSet[] = [];
  pods = new Map<string, SimPod[]>();
  events: string[] = [];
  now = T0;
  private uid = 0;
  private clock = 0;

  constructor(public d: Deployment) {}

  /** Change the Deployment's spec, as a user would (bumps the generation). */
  edit(change: (d: Deployment) => void): void {
    const next = structuredClone(this.d);
    change(next);
    next.metadata.generation = (next.metadata.generation ?? 1) + 1;
    this.d = next;
  }

  /** One Deployment reconcile, its writes applied. */
  step(): DeploymentPlan {
    this.now = new Date(T0.getTime() + ++this.clock * 1000);
    const plan = planDeployment({ deployment: this.d, replicaSets: this.rss, oldPodsSeen: false, now: this.now, newUid: () => `rs-${++this.uid}` });
    if (plan.create) this.rss.push({ ...plan.create, metadata: { ...plan.create.metadata, creationTimestamp: new Date(T0.getTime() + this.clock * 1000 + this.uid).toISOString() } });
    for (const rs of plan.update) this.rss = this.rss.map((x) => (x.metadata.name === rs.metadata.name ? rs : x));
    const gone = new Set(plan.delete.map((rs) => rs.metadata.name));
    this.rss = this.rss.filter((rs) => !gone.has(rs.metadata.name));
    if (plan.deployment) this.d = plan.deployment;
    this.events.push(...plan.events.map((e) => e.message));
    this.syncReplicaSets();
    return plan;
  }

  /** The ReplicaSet controller: pods to spec.replicas at once (unavailable ones deleted first). */
  syncReplicaSets(): void {
    for (const rs of this.rss) {
      const pods = this.pods.get(rs.metadata.name) ?? [];
      const want = rs.spec.replicas ?? 0;
      while (pods.length < want) pods.push({ available: false });
      pods.sort((a, b) => Number(a.available) - Number(b.available));
      pods.splice(0, Math.max(0, pods.length - want));
      this.pods.set(rs.metadata.name, pods);
      const available = pods.filter((p) => p.available).length;
      rs.status = { replicas: pods.length, readyReplicas: available, availableReplicas: available, observedGeneration: rs.metadata.generation ?? 0 };
    }
  }

  /** Pods of the ReplicaSet `name` become available (all, or those `pick` chooses). */
  makeAvailable(pick: (rs: ReplicaSet) => boolean = () => true, chance: () => boolean = () => true): void {
    for (const rs of this.rss) {
      if (!pick(rs)) continue;
      for (const p of this.pods.get(rs.metadata.name) ?? []) if (!p.available && chance()) p.available = true;
    }
    this.syncReplicaSets();
  }

  totalPods(): number {
    return [...this.pods.values()].reduce((n, ps) => n + ps.length, 0);
  }

  availablePods(): number {
    return [...this.pods.values()].reduce((n, ps) => n + ps.filter((p) => p.available).length, 0);
  }

  sizes(): Record<string, number> {
    return Object.fromEntries(this.rss.map((rs) => [rs.spec.template.spec.containers[0]?.image ?? "?", rs.spec.replicas ?? 0]));
  }

  /** Step and make everything available until nothing changes (at most `max` rounds). */
  converge(max = 100): void {
    for (let i = 0; i < max; i++) {
      const plan = this.step();
      this.makeAvailable();
      if (!plan.create && plan.update.length === 0 && plan.delete.length === 0 && !plan.deployment) return;
    }
    throw new Error("did not converge");
  }
}
