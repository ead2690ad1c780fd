// Cluster: a column per node with its pods as cards; pods no node took yet in a column of their own.
import type { Node, Pod } from "@skiff/api";
import { useLive } from "../live.js";
import { nodeColumns, type NodeColumn, type PodCard } from "../model.js";
import { cpu, memory, percent } from "../format.js";
import { Forbidden, ObjectLink } from "./links.js";

function Bar(p: { label: string; used: number; total: number; show: (n: number) => string }) {
  const pct = percent(p.used, p.total);
  return (
    <div class="bar" title={`${p.label}: ${p.show(p.used)} requested of ${p.show(p.total)} allocatable`}>
      <span class="bar-label">{p.label} {p.show(p.used)}/{p.show(p.total)}</span>
      <span class={pct > 90 ? "bar-fill full" : "bar-fill"} style={{ width: `${pct}%` }} />
    </div>
  );
}

export function Card({ pod }: { pod: PodCard }) {
  return (
    <a class={`card phase-${pod.phase}`} href={`#/pod/${pod.namespace}/${pod.name}`} data-testid="pod-card" data-pod={pod.name} data-phase={pod.phase}>
      <span class="card-name">{pod.name}</span>
      <span class="card-facts">
        {pod.phase} · {pod.ready}/{pod.containers} ready{pod.restarts ? ` · ${pod.restarts} restarts` : ""}
      </span>
      {pod.reason && <span class="card-reason">{pod.reason}</span>}
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
      <Bar label="cpu" used={c.cpu.requested} total={c.cpu.allocatable} show={cpu} />
      <Bar label="memory" used={c.memory.requested} total={c.memory.allocatable} show={memory} />
      {c.pods.map((p) => <Card key={`${p.namespace}/${p.name}`} pod={p} />)}
    </section>
  );
}

export function ClusterView() {
  const live = useLive();
  if (live.forbidden.has("Node")) return <Forbidden kind="Node" />;
  const { columns, unscheduled } = nodeColumns(live.list<Node>("Node"), live.list<Pod>("Pod"));
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
