// The frame: a navigation bar and the view the URL's hash names (#/pod/NS/NAME, ...), so that a
// link to any object can be shared and the back button works.
import { useEffect, useState } from "preact/hooks";
import { useLive } from "./live.js";
import { ClusterView } from "./views/cluster.js";
import { PodView } from "./views/pod.js";
import { DeploymentsView } from "./views/deployments.js";
import { ControlLoopView } from "./views/control-loop.js";
import { EventsView } from "./views/events.js";
import { ObjectView } from "./views/object.js";

function useHash(): string[] {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const on = () => setHash(location.hash);
    addEventListener("hashchange", on);
    return () => removeEventListener("hashchange", on);
  }, []);
  return hash.replace(/^#\/?/, "").split("/").map(decodeURIComponent);
}

export function App() {
  const live = useLive();
  const [view = "", a = "", b = "", c = ""] = useHash();
  const page =
    view === "pod" ? <PodView namespace={a} name={b} /> :
    view === "deployments" ? <DeploymentsView /> :
    view === "deployment" ? <ControlLoopView namespace={a} name={b} /> :
    view === "events" ? <EventsView /> :
    view === "object" ? <ObjectView kind={a} namespace={b} name={c} /> :
    <ClusterView />;
  return (
    <>
      <header>
        <strong>skiff</strong>
        <nav>
          <a href="#/" class={view === "" ? "on" : ""}>Cluster</a>
          <a href="#/deployments" class={view.startsWith("deployment") ? "on" : ""}>Rollouts</a>
          <a href="#/events" class={view === "events" ? "on" : ""}>Events</a>
        </nav>
        <span class={live.connected ? "live on" : "live"} data-testid="stream">{live.connected ? "live" : "reconnecting"}</span>
      </header>
      <main>{page}</main>
    </>
  );
}
