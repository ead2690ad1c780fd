// `docker events`, narrowed to what wakes a pod worker: its containers starting, dying, being
// killed for memory, or disappearing. The engine filters by label for us.
import type Dockerode from "dockerode";
import type { RuntimeEvent } from "../runtime.js";
import { jsonLines } from "./streams.js";

const ACTIONS = ["start", "die", "oom", "destroy"] as const;

// An event's Actor.Attributes mixes the container's labels with these facts about it.
const NOT_LABELS = new Set(["image", "name", "exitCode", "signal", "execDuration"]);

interface EngineEvent {
  Type?: string;
  Action?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
}

/** One engine event -> RuntimeEvent, or undefined for the kinds we do not report. */
export function toRuntimeEvent(e: EngineEvent): RuntimeEvent | undefined {
  const action = ACTIONS.find((a) => a === e.Action);
  if (e.Type !== "container" || !action || !e.Actor?.ID) return undefined;
  const attributes = e.Actor.Attributes ?? {};
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(attributes)) if (!NOT_LABELS.has(k)) labels[k] = v;
  const event: RuntimeEvent = { containerId: e.Actor.ID, action, labels };
  if (action === "die" && attributes.exitCode !== undefined) event.exitCode = Number(attributes.exitCode);
  return event;
}

export async function* containerEvents(
  docker: Dockerode,
  labels: Record<string, string>,
  signal: AbortSignal,
): AsyncGenerator<RuntimeEvent> {
  if (signal.aborted) return;
  const stream = await docker.getEvents({
    filters: { type: ["container"], event: [...ACTIONS], label: Object.entries(labels).map(([k, v]) => `${k}=${v}`) },
    abortSignal: signal,
  });
  for await (const e of jsonLines(stream, signal)) {
    const event = toRuntimeEvent(e as EngineEvent);
    if (event) yield event;
  }
}
