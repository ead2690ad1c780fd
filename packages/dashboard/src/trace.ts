// A story of `skiff trace`, live in the page: one Server-Sent Events stream of a namespace's
// trace steps (/dashboard/api/trace), open only while a view shows the story, sifted by Story
// from @skiff/api exactly as the CLI does. On every (re)open the server sends the kept steps
// again, so the story starts over rather than trusting a gap.
import type { TraceStep } from "@skiff/api";
import { Story, type StoryRoot } from "@skiff/api/trace";
import { useEffect, useState } from "preact/hooks";
import { insertByTime } from "./timeline.js";

/** Steps arriving together are drawn together (a rollout is dozens of steps in a second). */
const REDRAW_MS = 100;

export interface LiveStory {
  steps: TraceStep[];
  connected: boolean;
  /** The server said no (403: the user may not list Events in the namespace). */
  forbidden: boolean;
}

export function useStory(root: StoryRoot | undefined): LiveStory {
  const [state, setState] = useState<LiveStory>({ steps: [], connected: false, forbidden: false });
  const key = root ? `${root.kind}/${root.namespace ?? ""}/${root.name}/${root.uid ?? ""}` : "";
  useEffect(() => {
    if (!root) return undefined;
    let story = new Story(root);
    let steps: TraceStep[] = [];
    let pending: TraceStep[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const source = new EventSource(`api/trace?namespace=${encodeURIComponent(root.namespace ?? "")}`);
    source.onopen = () => {
      story = new Story(root);
      steps = [];
      pending = [];
      setState({ steps, connected: true, forbidden: false });
    };
    source.onerror = () => {
      // EventSource gives up (CLOSED) on an HTTP error such as 403, and retries a dropped stream.
      const closed = source.readyState === EventSource.CLOSED;
      setState((s) => ({ ...s, connected: false, forbidden: closed }));
    };
    source.onmessage = (e: MessageEvent<string>) => {
      pending.push(...story.add(JSON.parse(e.data) as TraceStep));
      timer ??= setTimeout(() => {
        timer = undefined;
        steps = insertByTime(steps, pending);
        pending = [];
        setState({ steps, connected: true, forbidden: false });
      }, REDRAW_MS);
    };
    return () => {
      source.close();
      clearTimeout(timer);
    };
  }, [key]);
  return state;
}
