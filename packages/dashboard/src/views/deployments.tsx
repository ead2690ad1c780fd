// Every Deployment with its rollout's progress: updated, ready and available against desired.
import type { Deployment, ReplicaSet } from "@skiff/api";
import { useLive } from "../live.js";
import { ownedBy } from "../model.js";
import { percent } from "../format.js";
import { Forbidden } from "./links.js";
import { RolloutButtons } from "./rollout-buttons.js";

export function Progress({ d }: { d: Deployment }) {
  const desired = d.spec.replicas ?? 1;
  const s = d.status ?? {};
  return (
    <div class="progress" title={`${s.updatedReplicas ?? 0} updated, ${s.readyReplicas ?? 0} ready, ${s.availableReplicas ?? 0} available of ${desired}`}>
      <span class="bar-fill updated" style={{ width: `${percent(s.updatedReplicas ?? 0, desired)}%` }} />
      <span class="bar-fill" style={{ width: `${percent(s.availableReplicas ?? 0, desired)}%` }} />
      <span class="bar-label">{s.availableReplicas ?? 0}/{desired} available, {s.updatedReplicas ?? 0} updated{d.spec.paused ? " (paused)" : ""}</span>
    </div>
  );
}

export function DeploymentsView() {
  const live = useLive();
  if (live.forbidden.has("Deployment")) return <Forbidden kind="Deployment" />;
  const deployments = live.list<Deployment>("Deployment").sort((a, b) => `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`));
  const replicaSets = live.list<ReplicaSet>("ReplicaSet");
  if (deployments.length === 0) return <p class="note">No Deployments.</p>;
  return (
    <article>
      <h1>Deployments</h1>
      {deployments.map((d) => (
        <section class="rollout" key={d.metadata.uid} data-testid="deployment" data-name={d.metadata.name}>
          <h2><a href={`#/deployment/${d.metadata.namespace}/${d.metadata.name}`}>{d.metadata.namespace}/{d.metadata.name}</a></h2>
          <Progress d={d} />
          <RolloutButtons d={d} replicaSets={ownedBy(replicaSets, d)} />
        </section>
      ))}
    </article>
  );
}
