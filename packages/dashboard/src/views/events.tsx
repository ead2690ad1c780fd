// Events, newest first, filtered by a word found in any column.
import { useState } from "preact/hooks";
import type { Event } from "@skiff/api";
import { useLive } from "../live.js";
import { age } from "../format.js";
import { Forbidden, ObjectLink } from "./links.js";

const when = (e: Event) => e.lastTimestamp ?? e.firstTimestamp ?? e.metadata.creationTimestamp ?? "";

export function EventTable({ events }: { events: Event[] }) {
  const sorted = [...events].sort((a, b) => when(b).localeCompare(when(a)));
  if (sorted.length === 0) return <p class="note">No events.</p>;
  return (
    <table data-testid="events">
      <thead><tr><th>age</th><th>type</th><th>reason</th><th>object</th><th>from</th><th>message</th></tr></thead>
      <tbody>
        {sorted.map((e) => (
          <tr key={`${e.metadata.namespace}/${e.metadata.name}`} class={e.type === "Warning" ? "warning" : ""}>
            <td title={when(e)}>{age(when(e))}</td>
            <td>{e.type}</td>
            <td>{e.reason}{(e.count ?? 1) > 1 ? ` ×${e.count}` : ""}</td>
            <td><ObjectLink kind={e.involvedObject.kind ?? ""} namespace={e.involvedObject.namespace} name={e.involvedObject.name ?? ""}>{e.involvedObject.kind}/{e.involvedObject.name}</ObjectLink></td>
            <td>{[e.source?.component, e.source?.host].filter(Boolean).join(" on ")}</td>
            <td>{e.message}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function EventsView() {
  const live = useLive();
  const [filter, setFilter] = useState("");
  if (live.forbidden.has("Event")) return <Forbidden kind="Event" />;
  const words = filter.toLowerCase();
  const shown = live.list<Event>("Event").filter((e) => !words || [e.type, e.reason, e.message, e.involvedObject.kind, e.involvedObject.name, e.involvedObject.namespace, e.source?.component, e.source?.host].join(" ").toLowerCase().includes(words));
  return (
    <article>
      <h1>Events</h1>
      <input type="search" placeholder="filter: a reason, an object, a node..." value={filter} onInput={(e) => setFilter((e.target as HTMLInputElement).value)} data-testid="event-filter" />
      <EventTable events={shown} />
    </article>
  );
}
