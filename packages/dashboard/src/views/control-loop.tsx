// The control loop of one Deployment, live: Deployment -> ReplicaSets -> Pods -> node ->
// containers, each link with what is desired and what is observed; its story step by step (the
// trace, as a timeline) and the events of them all.
import type { Deployment, Event, Pod, ReplicaSet } from "@skiff/api";
import { useLive } from "../live.js";
import { controlLoop } from "../model.js";
import { podCard } from "../model.js";
import { ObjectLink } from "./links.js";
import { EventTable } from "./events.js";
import { Progress } from "./deployments.js";
import { RolloutButtons } from "./rollout-buttons.js";
import { Timeline } from "./timeline.js";
import { useStory } from "../trace.js";

function PodRow({ pod }: { pod: Pod }) {
  const c = podCard(pod);
  return (
    <li class="loop-pod" data-testid="loop-pod" data-pod={c.name}>
      <span class={`badge phase-${c.phase}`}>{c.phase}</span> <ObjectLink kind="Pod" namespace={c.namespace} name={c.name} />
      {" → "}{c.node ? <ObjectLink kind="Node" name={c.node} /> : <em>no node yet</em>}
      {" → "}
      {(pod.status?.containerStatuses ?? []).map((s) => (
        <span key={s.name} class={s.ready ? "container ok" : "container"}>{s.name}: {s.state?.running ? "running" : (s.state?.waiting?.reason ?? s.state?.terminated?.reason ?? "…")}{s.restartCount ? ` (${s.restartCount} restarts)` : ""}</span>
      ))}
      {" "}<span class="numbers">{c.ready}/{c.containers} ready</span>
    </li>
  );
}

export function ControlLoopView({ namespace, name }: { namespace: string; name: string }) {
  const live = useLive();
  const d = live.get<Deployment>("Deployment", namespace, name);
  const story = useStory(d?.metadata.uid ? { kind: "Deployment", namespace, name, uid: d.metadata.uid } : undefined);
  if (!d) return <p class="note">Deployment {namespace}/{name} is gone (or not yet here).</p>;
  const loop = controlLoop(d, live.list<ReplicaSet>("ReplicaSet"), live.list<Pod>("Pod"));
  const uids = new Set([d.metadata.uid, ...loop.replicaSets.flatMap((r) => [r.rs.metadata.uid, ...r.pods.map((p) => p.metadata.uid)])]);
  const events = live.list<Event>("Event").filter((e) => uids.has(e.involvedObject.uid));
  const x = loop.deployment;
  return (
    <article>
      <h1>Deployment {namespace}/{name}</h1>
      <div class="loop-deployment" data-testid="loop-deployment">
        <span class="numbers">desired {x.desired} · updated {x.updated} · ready {x.ready} · available {x.available}</span>{" "}
        <span class="numbers">generation {x.generation}, observed {x.observedGeneration}{x.generation === x.observedGeneration ? "" : " (controller catching up)"}</span>
        {x.paused && <span class="badge warn">paused</span>} <a href={`#/object/Deployment/${namespace}/${name}`}>YAML</a>
        <Progress w={d} />
        <RolloutButtons w={d} replicaSets={loop.replicaSets.map((r) => r.rs)} />
      </div>
      <ul class="loop">
        {loop.replicaSets.map((r) => (
          <li key={r.rs.metadata.uid} class="loop-rs" data-testid="loop-rs" data-rs={r.rs.metadata.name}>
            ReplicaSet <ObjectLink kind="ReplicaSet" namespace={namespace} name={r.rs.metadata.name} /> <span class="numbers">revision {r.revision} · desired {r.desired} · current {r.current} · ready {r.ready}</span>
            <ul>{r.pods.map((p) => <PodRow key={p.metadata.uid} pod={p} />)}</ul>
          </li>
        ))}
      </ul>
      <h2>Step by step</h2>
      <p class="note">The story `skiff trace deployment/{name}` tells: every write with its store revision, the controllers' and scheduler's decisions, what the agents did and reported.</p>
      <Timeline story={story} />
      <h2>Events</h2>
      <EventTable events={events} />
    </article>
  );
}
