// Every rollout with its progress: Deployments, StatefulSets and DaemonSets, each with its updated,
// ready and available against desired, and the buttons the kind has (rollout-buttons.tsx).
import type { ReplicaSet } from "@skiff/api";
import { useLive } from "../live.js";
import { ownedBy, rolloutProgress, type Workload } from "../model.js";
import { percent } from "../format.js";
import { Forbidden } from "./links.js";
import { RolloutButtons } from "./rollout-buttons.js";

export function Progress({ w }: { w: Workload }) {
  const p = rolloutProgress(w);
  const unit = w.kind === "DaemonSet" ? " nodes" : "";
  return (
    <div class="progress" data-testid="progress" title={`${p.updated} updated, ${p.ready} ready, ${p.available} available of ${p.desired}${unit}`}>
      <span class="bar-fill updated" style={{ width: `${percent(p.updated, p.desired)}%` }} />
      <span class="bar-fill" style={{ width: `${percent(p.available, p.desired)}%` }} />
      <span class="bar-label">{p.available}/{p.desired}{unit} available, {p.updated} updated{p.paused ? " (paused)" : ""}</span>
    </div>
  );
}

const byName = (a: Workload, b: Workload) => `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`);

function Rollouts({ kind }: { kind: Workload["kind"] }) {
  const live = useLive();
  if (live.forbidden.has(kind)) return <Forbidden kind={kind} />;
  const workloads = live.list<Workload>(kind).sort(byName);
  const replicaSets = live.list<ReplicaSet>("ReplicaSet");
  if (workloads.length === 0) return <p class="note">No {kind}s.</p>;
  return (
    <>
      {workloads.map((w) => (
        <section class="rollout" key={w.metadata.uid} data-testid={kind === "Deployment" ? "deployment" : "workload"} data-kind={kind} data-name={w.metadata.name}>
          <h2><a href={kind === "Deployment" ? `#/deployment/${w.metadata.namespace}/${w.metadata.name}` : `#/object/${kind}/${w.metadata.namespace}/${w.metadata.name}`}>{w.metadata.namespace}/{w.metadata.name}</a></h2>
          <Progress w={w} />
          <RolloutButtons w={w} replicaSets={kind === "Deployment" ? ownedBy(replicaSets, w) : []} />
        </section>
      ))}
    </>
  );
}

export function DeploymentsView() {
  return (
    <article>
      <h1>Deployments</h1>
      <Rollouts kind="Deployment" />
      <h1>StatefulSets</h1>
      <Rollouts kind="StatefulSet" />
      <h1>DaemonSets</h1>
      <Rollouts kind="DaemonSet" />
    </article>
  );
}
