// Events: what happened to an object, for a person reading `skiff describe` or `get events -w`.
// The same event repeated (same object, reason, message, source) is one Event whose count grows,
// as in Kubernetes. Its name is derived from those fields, so this holds across server restarts.
// Recording never blocks or fails the caller: an event that cannot be written is logged.
import { createHash } from "node:crypto";
import { AlreadyExistsError, ConflictError, describeRef, refOf, type ApiObject, type Event } from "@skiff/api";
import type { Store } from "@skiff/store";
import type { Logger } from "../log.js";

export type EventType = "Normal" | "Warning";

export interface EventRecorder {
  record(object: ApiObject, type: EventType, reason: string, message: string): void;
}

export class StoreEventRecorder implements EventRecorder {
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly component: string,
    private readonly log: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A recorder that says `source.component` = `component`, sharing this one's write queue. */
  forComponent(component: string): EventRecorder {
    return { record: (o, t, r, m) => this.write(o, t, r, m, component) };
  }

  record(object: ApiObject, type: EventType, reason: string, message: string): void {
    this.write(object, type, reason, message, this.component);
  }

  /** Resolves when every event recorded so far is written (tests, shutdown). */
  flush(): Promise<void> {
    return this.chain;
  }

  private write(object: ApiObject, type: EventType, reason: string, message: string, component: string): void {
    this.log.debug({ object: describeRef(refOf(object)), reason, message }, "event");
    this.chain = this.chain
      .then(() => this.upsert(object, type, reason, message, component))
      .catch((err: unknown) => this.log.warn({ err: (err as Error).message, reason }, "could not record event"));
  }

  private async upsert(object: ApiObject, type: EventType, reason: string, message: string, component: string): Promise<void> {
    const namespace = object.metadata.namespace ?? "default";
    const name = eventName(object, reason, message, component);
    const at = this.now().toISOString();
    for (let attempt = 0; attempt < 5; attempt++) {
      const existing = (await this.store.get({ kind: "Event", namespace, name })) as Event | undefined;
      try {
        if (existing) {
          await this.store.update({ ...existing, count: (existing.count ?? 1) + 1, lastTimestamp: at });
        } else {
          await this.store.create(newEvent(object, namespace, name, type, reason, message, component, at));
        }
        return;
      } catch (err) {
        if (!(err instanceof ConflictError) && !(err instanceof AlreadyExistsError)) throw err;
      }
    }
  }
}

export function eventName(object: ApiObject, reason: string, message: string, component: string): string {
  const hash = createHash("sha256").update([object.metadata.uid ?? "", reason, message, component].join("\u0000")).digest("hex");
  return `${object.metadata.name}.${hash.slice(0, 12)}`;
}

function newEvent(object: ApiObject, namespace: string, name: string, type: EventType, reason: string, message: string, component: string, at: string): Event {
  return {
    apiVersion: "v1",
    kind: "Event",
    metadata: { name, namespace, uid: crypto.randomUUID(), creationTimestamp: at },
    involvedObject: {
      apiVersion: object.apiVersion,
      kind: object.kind,
      name: object.metadata.name,
      namespace: object.metadata.namespace,
      uid: object.metadata.uid,
      resourceVersion: object.metadata.resourceVersion,
    },
    type,
    reason,
    message,
    count: 1,
    firstTimestamp: at,
    lastTimestamp: at,
    source: { component },
  } as Event;
}
