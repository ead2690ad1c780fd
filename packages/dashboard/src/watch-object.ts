// One object of a kind the page's stream does not carry, kept current by a Kubernetes watch on
// it alone (fieldSelector metadata.name), through /dashboard/api/k8s as the logged-in user. The
// watch is open only while a view shows the object; it starts with the object as it is (ADDED).
import type { ApiObject } from "@skiff/api";
import { useEffect, useState } from "preact/hooks";
import { resourceOf } from "./api.js";

/** A watch the server ended (a restart, a timeout) is opened again after this long. */
const REWATCH_MS = 2000;

export interface WatchedObject {
  object?: ApiObject;
  /** Why there is no object: not found, deleted, forbidden, unknown kind. */
  note?: string;
}

export function useWatchedObject(kind: string, namespace: string, name: string, enabled: boolean): WatchedObject {
  const [state, setState] = useState<WatchedObject>({});
  useEffect(() => {
    if (!enabled) return undefined;
    const ac = new AbortController();
    setState({});
    void (async () => {
      const r = await resourceOf(kind);
      if (!r) return setState({ note: `the API serves no kind ${kind}` });
      const path = `api/k8s${r.base}${r.namespaced ? `/namespaces/${encodeURIComponent(namespace)}` : ""}/${r.plural}?watch=1&fieldSelector=${encodeURIComponent(`metadata.name=${name}`)}`;
      while (!ac.signal.aborted) {
        const res = await fetch(path, { signal: ac.signal });
        if (!res.ok) return setState({ note: res.status === 403 ? `you may not watch ${r.plural} here (RBAC)` : `the API answered ${res.status}` });
        const lines = res.body!.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = "";
        for (;;) {
          const { value, done } = await lines.read();
          if (done) break;
          buffer += value;
          const parts = buffer.split("\n");
          buffer = parts.pop()!;
          for (const line of parts.filter(Boolean)) {
            const ev = JSON.parse(line) as { type: string; object: ApiObject & { message?: string } };
            if (ev.type === "ADDED" || ev.type === "MODIFIED") setState({ object: ev.object });
            else if (ev.type === "DELETED") setState({ note: "deleted" });
            else if (ev.type === "ERROR") setState((s) => ({ ...s, note: ev.object.message ?? "watch error" }));
          }
        }
        await new Promise((resolve) => setTimeout(resolve, REWATCH_MS));
      }
    })().catch((err: Error) => ac.signal.aborted || setState({ note: err.message }));
    return () => ac.abort();
  }, [kind, namespace, name, enabled]);
  return state;
}
