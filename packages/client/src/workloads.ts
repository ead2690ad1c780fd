// Typed clients for the workload kinds: the generic calls, plus `scale` for all three, the
// ReplicaSets a Deployment owns, and the rollout status of Deployments and StatefulSets.
import { ownedBy, type ApiObject, type ControllerRevision, type DaemonSet, type Deployment, type ReplicaSet, type StatefulSet } from "@skiff/api";
import type { SkiffClient } from "./client.js";
import { ResourceClient } from "./resource.js";
import { rolloutStatus, type RolloutStatus, type RolloutStatusOptions } from "./rollout.js";
import { scale, type ScaleOptions } from "./scale.js";

/** Deployments, ReplicaSets, StatefulSets: anything with spec.replicas. */
export class ScalableClient<T extends ApiObject<{ replicas?: number }>> extends ResourceClient<T> {
  /** Set spec.replicas (retrying on conflict); `currentReplicas` makes it conditional. */
  scale(name: string, replicas: number, options: ScaleOptions = {}): Promise<T> {
    return scale<T>(this.client, this.info.kind, name, replicas, options);
  }
}

export class DeploymentClient extends ScalableClient<Deployment> {
  /** Each new rollout status of `name`, until it is done (see `rolloutStatus`). */
  rolloutStatus(name: string, options: RolloutStatusOptions = {}): AsyncIterable<RolloutStatus> {
    return rolloutStatus(this.client, this.info.kind, name, options);
  }

  /** The ReplicaSets this Deployment controls (one per revision), from its namespace. */
  async replicaSets(deployment: Deployment): Promise<ReplicaSet[]> {
    const list = await this.client.list<ReplicaSet>("ReplicaSet", { namespace: deployment.metadata.namespace ?? "default" });
    return ownedBy(list.items, deployment);
  }
}

export class StatefulSetClient extends ScalableClient<StatefulSet> {
  /** Each new rollout status of `name`, until it is done (see `rolloutStatus`). */
  rolloutStatus(name: string, options: Omit<RolloutStatusOptions, "revision"> = {}): AsyncIterable<RolloutStatus> {
    return rolloutStatus(this.client, this.info.kind, name, options);
  }

  /** The ControllerRevisions this StatefulSet controls (one per template it has had), from its namespace. */
  controllerRevisions(set: StatefulSet): Promise<ControllerRevision[]> {
    return controllerRevisionsOf(this.client, set);
  }
}

export class DaemonSetClient extends ResourceClient<DaemonSet> {
  /** Each new rollout status of `name`, until it is done (see `rolloutStatus`). */
  rolloutStatus(name: string, options: Omit<RolloutStatusOptions, "revision"> = {}): AsyncIterable<RolloutStatus> {
    return rolloutStatus(this.client, this.info.kind, name, options);
  }

  /** The ControllerRevisions this DaemonSet controls (one per template it has had), from its namespace. */
  controllerRevisions(ds: DaemonSet): Promise<ControllerRevision[]> {
    return controllerRevisionsOf(this.client, ds);
  }
}

async function controllerRevisionsOf(client: SkiffClient, owner: DaemonSet | StatefulSet): Promise<ControllerRevision[]> {
  const list = await client.list<ControllerRevision>("ControllerRevision", { namespace: owner.metadata.namespace ?? "default" });
  return ownedBy(list.items, owner);
}
