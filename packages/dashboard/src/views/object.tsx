// Any object the page watches, as YAML (what `kubectl get -o yaml` prints), live.
import { stringify } from "yaml";
import { useLive } from "../live.js";

export function ObjectView({ kind, namespace, name }: { kind: string; namespace: string; name: string }) {
  const live = useLive();
  const object = live.get(kind, namespace || undefined, name);
  if (!object) return <p class="note">{kind} {namespace ? `${namespace}/` : ""}{name}: not found among the objects this page watches.</p>;
  return (
    <article>
      <h1>{kind} {namespace ? `${namespace}/` : ""}{name} <small>resourceVersion {object.metadata.resourceVersion}</small></h1>
      <pre class="yaml" data-testid="yaml">{stringify(object)}</pre>
    </article>
  );
}
