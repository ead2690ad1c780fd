// An object's story (`skiff trace`) as a timeline: each step's time, revision, component, node,
// object and what happened, live. Pause freezes what is shown while steps keep being collected;
// Replay shows the recorded story again, step by step, at the chosen speed.
import type { TraceStep } from "@skiff/api";
import { useEffect, useState } from "preact/hooks";
import { replayDelays, stepTime } from "../timeline.js";
import type { LiveStory } from "../trace.js";
import { ObjectLink } from "./links.js";

const SPEEDS = [1, 4, 16];

interface Replay {
  steps: TraceStep[];
  /** Before each step: computed once when the replay starts. */
  delays: number[];
  shown: number;
  speed: number;
}

function useReplay(): [Replay | undefined, (steps: TraceStep[], speed: number) => void, () => void] {
  const [replay, setReplay] = useState<Replay | undefined>();
  useEffect(() => {
    if (!replay || replay.shown >= replay.steps.length) return undefined;
    const timer = setTimeout(() => setReplay({ ...replay, shown: replay.shown + 1 }), replay.delays[replay.shown] ?? 0);
    return () => clearTimeout(timer);
  }, [replay]);
  return [replay, (steps, speed) => setReplay({ steps, delays: replayDelays(steps, speed), shown: 0, speed }), () => setReplay(undefined)];
}

/** `story` is the caller's (useStory), so that a view shows its timeline and history from one stream. */
export function Timeline({ story }: { story: LiveStory }) {
  const [frozen, setFrozen] = useState<TraceStep[] | undefined>();
  const [speed, setSpeed] = useState(4);
  const [replay, startReplay, stopReplay] = useReplay();
  const replaying = replay !== undefined;
  const shown = replay ? replay.steps.slice(0, replay.shown) : (frozen ?? story.steps);
  if (story.forbidden) return <p class="note">You may not read this namespace's trace (RBAC): it needs list on events, as `skiff trace`.</p>;
  const state =
    replay ? `replaying ${replay.shown}/${replay.steps.length} at ${replay.speed}×${replay.shown >= replay.steps.length ? " (done)" : ""}` :
    frozen ? `paused at ${frozen.length} steps; ${Math.max(0, story.steps.length - frozen.length)} new since` :
    `${story.steps.length} steps, ${story.connected ? "live" : "reconnecting"}`;
  return (
    <section class="timeline" data-testid="timeline">
      <div class="buttons">
        {frozen ? <button onClick={() => setFrozen(undefined)}>resume</button> : <button onClick={() => setFrozen(story.steps)} disabled={replaying}>pause</button>}
        <button onClick={() => startReplay(story.steps, speed)} disabled={story.steps.length === 0}>replay</button>
        <select aria-label="replay speed" value={speed} onChange={(e) => setSpeed(Number((e.target as HTMLSelectElement).value))}>
          {SPEEDS.map((s) => <option key={s} value={s}>{s}×</option>)}
        </select>
        {replaying && <button onClick={stopReplay}>back to live</button>}
        <span class="numbers" data-testid="timeline-state">{state}</span>
      </div>
      {shown.length === 0 ? <p class="note">No steps yet: the server keeps what happened since it started (its newest 5,000 steps); change the object and watch.</p> : (
        <div class="timeline-scroll">
          <table>
            <thead><tr><th>time (UTC)</th><th>revision</th><th>component</th><th>node</th><th>object</th><th>what happened</th></tr></thead>
            <tbody>
              {shown.map((s, i) => (
                <tr key={i} data-testid="timeline-step" data-component={s.component} data-step={s.step}>
                  <td>{stepTime(s)}</td>
                  <td>{s.revision ?? "-"}</td>
                  <td>{s.component}</td>
                  <td>{s.node ? <ObjectLink kind="Node" name={s.node} /> : "-"}</td>
                  <td><ObjectLink kind={s.kind} namespace={s.namespace} name={s.name}>{s.kind}/{s.name}</ObjectLink></td>
                  <td><strong>{s.step}</strong>{s.detail ? `: ${s.detail}` : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
