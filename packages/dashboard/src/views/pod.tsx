// A pod: where it runs and why there (the scheduler's decision kept in skiff.dev/scheduling:
// each rejected node with its reason, each plugin's score per node), its containers, its events.
import type { Event, Pod } from "@skiff/api";
import { SCHEDULING_ANNOTATION, parseSchedulingAnnotation, type SchedulingAnnotation } from "@skiff/api/scheduling";
import { useLive } from "../live.js";
import { podCard } from "../model.js";
import { ObjectLink } from "./links.js";
import { EventTable } from "./events.js";

export function Decision({ decision }: { decision: SchedulingAnnotation | undefined }) {
  if (!decision) return <p class="note">No scheduling decision recorded yet.</p>;
  const plugins = decision.plugins ?? [];
  return (
    <div data-testid="scheduling">
      <p>{decision.node ? <>Placed on <ObjectLink kind="Node" name={decision.node} />.</> : <strong class="bad">No node fits.</strong>}</p>
      {decision.filtered.length > 0 && (
        <table data-testid="filtered">
          <thead><tr><th>rejected node</th><th>filter: reason</th></tr></thead>
          <tbody>{decision.filtered.map(([node, reason]) => <tr key={node} data-node={node}><td><ObjectLink kind="Node" name={node} /></td><td>{reason}</td></tr>)}</tbody>
        </table>
      )}
      {decision.scores.length > 0 && (
        <table data-testid="scores">
          <thead><tr><th>node</th><th>total</th>{plugins.map(([name, weight]) => <th key={name}>{name} ×{weight}</th>)}</tr></thead>
          <tbody>
            {decision.scores.map(([node, total, each]) => (
              <tr key={node} class={node === decision.node ? "chosen" : ""}>
                <td><ObjectLink kind="Node" name={node} /></td><td>{total}</td>
                {plugins.map(([name], i) => <td key={name}>{each?.[i] ?? ""}</td>)}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {decision.omitted ? <p class="note">{decision.omitted} more nodes not kept.</p> : null}
    </div>
  );
}

export function PodView({ namespace, name }: { namespace: string; name: string }) {
  const live = useLive();
  const pod = live.get<Pod>("Pod", namespace, name);
  if (!pod) return <p class="note">Pod {namespace}/{name} is gone (or not yet here).</p>;
  const card = podCard(pod);
  const events = live.list<Event>("Event").filter((e) => e.involvedObject.uid === pod.metadata.uid || (e.involvedObject.kind === "Pod" && e.involvedObject.name === name && e.involvedObject.namespace === namespace));
  const owner = pod.metadata.ownerReferences?.[0];
  return (
    <article>
      <h1>Pod {namespace}/{name} <span class={`badge phase-${card.phase}`}>{card.phase}</span></h1>
      <p>
        {owner && <>Owned by <ObjectLink kind={owner.kind} namespace={namespace} name={owner.name}>{owner.kind} {owner.name}</ObjectLink>. </>}
        {card.node ? <>On node <ObjectLink kind="Node" name={card.node} />. </> : "Not on a node. "}
        {card.ready}/{card.containers} containers ready, {card.restarts} restarts. <a href={`#/object/Pod/${namespace}/${name}`}>YAML</a>
      </p>
      <h2>Scheduler decision</h2>
      <Decision decision={parseSchedulingAnnotation(pod.metadata.annotations?.[SCHEDULING_ANNOTATION])} />
      <h2>Containers</h2>
      <table>
        <thead><tr><th>name</th><th>image</th><th>state</th><th>ready</th><th>restarts</th></tr></thead>
        <tbody>
          {pod.spec.containers.map((c) => {
            const s = pod.status?.containerStatuses?.find((x) => x.name === c.name);
            const state = s?.state?.running ? "running" : s?.state?.waiting ? `waiting: ${s.state.waiting.reason ?? ""}` : s?.state?.terminated ? `terminated: ${s.state.terminated.reason ?? s.state.terminated.exitCode}` : "not created";
            return <tr key={c.name}><td>{c.name}</td><td>{c.image}</td><td>{state}</td><td>{s?.ready ? "yes" : "no"}</td><td>{s?.restartCount ?? 0}</td></tr>;
          })}
        </tbody>
      </table>
      <h2>Events</h2>
      <EventTable events={events} />
    </article>
  );
}
