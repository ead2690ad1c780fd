// Any object the user may get, as YAML (what `kubectl get -o yaml` prints), live, with the
// resourceVersions it went through: who wrote each and what changed (history.ts), and for a
// workload or pod its whole story (`skiff trace`) as a timeline. The kinds of
// the page's stream come from it; any other kind from a watch on that one object.
import type { ApiObject } from "@skiff/api";
import { TRACED_KINDS } from "@skiff/api/trace";
import { useMemo } from "preact/hooks";
import { stringify } from "yaml";
import { historyRows, VersionLog } from "../history.js";
import { STREAMED_KINDS, useLive } from "../live.js";
import { useStory } from "../trace.js";
import { useWatchedObject } from "../watch-object.js";
import { Timeline } from "./timeline.js";

export function ObjectView({ kind, namespace, name }: { kind: string; namespace: string; name: string }) {
  const live = useLive();
  const streamed = STREAMED_KINDS.includes(kind) && !live.forbidden.has(kind);
  const watched = useWatchedObject(kind, namespace, name, !streamed);
  const object = streamed ? live.get(kind, namespace || undefined, name) : watched.object;
  const uid = object?.metadata.uid;
  const story = useStory(uid && TRACED_KINDS.includes(kind) ? { kind, ...(namespace ? { namespace } : {}), name, uid } : undefined);
  const versions = useMemo(() => new VersionLog(), [kind, namespace, name]);
  // Recorded as drawn: every version the page gets is drawn, and seeing one twice is a no-op.
  if (object) versions.see(object);
  const title = `${kind} ${namespace ? `${namespace}/` : ""}${name}`;
  if (!object) return <p class="note">{title}: {watched.note ?? (streamed ? "not found among the objects this page watches" : "not found (yet): the page watches for it")}.</p>;
  return (
    <article>
      <h1>{title} <small data-testid="resource-version">resourceVersion {object.metadata.resourceVersion}</small></h1>
      <History object={object} rows={historyRows(uid, story.steps, versions.versions)} />
      {TRACED_KINDS.includes(kind) && (
        <details class="story">
          <summary>Its story step by step (as `skiff trace {kind.toLowerCase()}/{name}`)</summary>
          <Timeline story={story} />
        </details>
      )}
      <pre class="yaml" data-testid="yaml">{stringify(object)}</pre>
    </article>
  );
}

function History({ object, rows }: { object: ApiObject; rows: ReturnType<typeof historyRows> }) {
  return (
    <details open class="history">
      <summary>History of resourceVersions</summary>
      <p class="note">
        {TRACED_KINDS.includes(object.kind) ? "Who wrote each version comes from the server's trace (since it started, its newest 5,000 steps); " : ""}
        what changed is the difference between successive versions this page saw (since it opened).
      </p>
      <table data-testid="history">
        <thead><tr><th>resourceVersion</th><th>when</th><th>who</th><th>what</th></tr></thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.resourceVersion} data-testid="history-row" data-rv={r.resourceVersion}>
              <td>{r.resourceVersion}</td>
              <td>{r.at ? new Date(r.at).toISOString().slice(11, 23) : ""}</td>
              <td>{r.who ?? "-"}</td>
              <td>
                {r.what && <div>{r.what}</div>}
                {r.changes?.map((c) => <div key={c} class="change">{c}</div>)}
                {!r.what && !r.changes && <em>first seen</em>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
