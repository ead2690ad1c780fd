// Cluster: a column per node with its pods as cards; pods no node took yet in a column of their own.
// Requests and limits from the pods' specs; usage from the agents' latest reports, in the stream.
import type { Node, Pod } from "@skiff/api";
import { useLive } from "../live.js";
import { nodeColumns, type NodeColumn, type PodCard } from "../model.js";
import { cpu, memory, percent } from "../format.js";
import { Forbidden, ObjectLink } from "./links.js";

/** Requests as the bar, usage (when reported) as a line across it; limits in words. */
function Bar(p: { label: string; r: NodeColumn["cpu"]; show: (n: number) => string }) {
  const { r, show } = p;
  const pct = percent(r.requested, r.allocatable);
  const used = r.used !== undefined ? ` · used ${show(r.used)}` : "";
  const limits = r.limits > 0 ? ` · limits ${show(r.limits)}` : "";
  return (
    <div class="bar" data-testid={`bar-${p.label}`} title={`${p.label}: ${show(r.requested)} requested${limits}${used} of ${show(r.allocatable)} allocatable`}>
      <span class="bar-label">{p.label} {show(r.requested)}/{show(r.allocatable)}{used}</span>
      <span class={pct > 90 ? "bar-fill full" : "bar-fill"} style={{ width: `${pct}%` }} />
      {r.used !== undefined && <span class="bar-used" style={{ left: `${percent(r.used, r.allocatable)}%` }} />}
    </div>
  );
}

/** `used/requested (limit)` of one resource, as short as it can be said. */
const triple = (used: number | undefined, requested: number, limit: number, show: (n: number) => string) =>
  `${used !== undefined ? show(used) : "?"}/${requested ? show(requested) : "-"}${limit ? ` (≤${show(limit)})` : ""}`;

export function Card({ pod }: { pod: PodCard }) {
  return (
    <a class={`card phase-${pod.phase}`} href={`#/pod/${pod.namespace}/${pod.name}`} data-testid="pod-card" data-pod={pod.name} data-phase={pod.phase}>
      <span class="card-name">{pod.name}</span>
      <span class="card-facts">
        {pod.phase} · {pod.ready}/{pod.containers} ready{pod.restarts ? ` · ${pod.restarts} restarts` : ""}
      </span>
      {pod.reason && <span class="card-reason">{pod.reason}</span>}
      {Boolean(pod.usage || pod.requests.cpu || pod.requests.memory) && (
        <span class="card-usage" data-testid="pod-usage" title="used / requested (≤ limit), from the node's latest report">
          cpu {triple(pod.usage?.cpu, pod.requests.cpu, pod.limits.cpu, cpu)} · mem {triple(pod.usage?.memory, pod.requests.memory, pod.limits.memory, memory)}
        </span>
      )}
    </a>
  );
}

function Column({ c }: { c: NodeColumn }) {
  return (
    <section class={`column${c.ready ? "" : " not-ready"}${c.cordoned ? " cordoned" : ""}`} data-testid="node-column" data-node={c.name} data-ready={String(c.ready)}>
      <h2>
        <ObjectLink kind="Node" name={c.name} />
        <span class={c.ready ? "badge ok" : "badge bad"}>{c.ready ? "Ready" : "NotReady"}</span>
        {c.cordoned && <span class="badge warn">cordoned</span>}
      </h2>
      <Bar label="cpu" r={c.cpu} show={cpu} />
      <Bar label="memory" r={c.memory} show={memory} />
      {c.pods.map((p) => <Card key={`${p.namespace}/${p.name}`} pod={p} />)}
    </section>
  );
}

export function ClusterView() {
  const live = useLive();
  if (live.forbidden.has("Node")) return <Forbidden kind="Node" />;
  const { columns, unscheduled } = nodeColumns(live.list<Node>("Node"), live.list<Pod>("Pod"), live.usage);
  return (
    <div class="columns">
      {columns.map((c) => <Column key={c.name} c={c} />)}
      {unscheduled.length > 0 && (
        <section class="column pending" data-testid="unscheduled">
          <h2>not scheduled</h2>
          {unscheduled.map((p) => <Card key={`${p.namespace}/${p.name}`} pod={p} />)}
        </section>
      )}
      {columns.length === 0 && <p class="note">No nodes yet: start an agent (`skiff agent`).</p>}
    </div>
  );
}
