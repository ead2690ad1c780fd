// Events: what happened to an object, for a person reading `skiff describe` or `get events -w`.
// The same event repeated (same object, reason, message, source) is one Event whose count grows,
// as in Kubernetes. Its name is derived from those fields, so this holds across server restarts.
// Recording never blocks or fails the caller: an event that cannot be written is logged.
import { createHash } from "node:crypto";
import { AlreadyExistsError, ConflictError, describeRef, refOf, type ApiObject, type Event } from "@skiff/api";
import type { Store, WriteOp } from "@skiff/store";
import type { Logger } from "../log.js";

export type EventType = "Normal" | "Warning";

export interface EventRecorder {
  record(object: ApiObject, type: EventType, reason: string, message: string): void;
}

/** One record() waiting to be written. */
interface Recorded {
  object: ApiObject;
  type: EventType;
  reason: string;
  message: string;
  component: string;
  at: string;
}

/** Events written per commit: within etcd's 128 operations per transaction. */
export const EVENT_GROUP = 100;

export class StoreEventRecorder implements EventRecorder {
  /** Recorded, not yet being written. */
  private queue: Recorded[] = [];
  /** The writer, while one runs: it takes the whole queue a group at a time. */
  private writing: Promise<void> | undefined;

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
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private write(object: ApiObject, type: EventType, reason: string, message: string, component: string): void {
    this.log.debug({ object: describeRef(refOf(object)), reason, message }, "event");
    this.queue.push({ object, type, reason, message, component, at: this.now().toISOString() });
    this.writing ??= this.writeQueued();
  }

  /**
   * What was recorded while the previous commit was on its way goes in the next one: a burst of
   * pods costs a few commits (one fsync each) instead of one per Event.
   */
  private async writeQueued(): Promise<void> {
    await null; // what the caller records in the same turn goes in the first commit too
    while (this.queue.length > 0) {
      const group = this.queue.splice(0, EVENT_GROUP);
      try {
        await this.writeGroup(group);
      } catch (err) {
        this.log.warn({ err: (err as Error).message, events: group.length, reason: group[0]?.reason }, "could not record events");
      }
    }
    this.writing = undefined;
  }

  /**
   * One commit for the group: each Event created, or its count bumped (repeats within the group
   * counted together), compare-and-swap on what was read. If the commit is refused (an Event
   * changed meanwhile: another server recorded it too), each is written on its own, read again.
   */
  private async writeGroup(group: Recorded[]): Promise<void> {
    const byName = new Map<string, { first: Recorded; last: Recorded; namespace: string; name: string; times: number }>();
    for (const r of group) {
      const namespace = r.object.metadata.namespace ?? "default";
      const name = eventName(r.object, r.reason, r.message, r.component);
      const key = `${namespace}/${name}`;
      const seen = byName.get(key);
      if (seen) {
        seen.last = r;
        seen.times += 1;
      } else byName.set(key, { first: r, last: r, namespace, name, times: 1 });
    }
    const repeats = [...byName.values()];
    const existing = (await Promise.all(repeats.map((e) => this.store.get({ kind: "Event", namespace: e.namespace, name: e.name })))) as (Event | undefined)[];
    const ops: WriteOp[] = repeats.map((e, i) => {
      const stored = existing[i];
      if (stored) return { type: "update", object: { ...stored, count: (stored.count ?? 1) + e.times, lastTimestamp: e.last.at } };
      const { object, type, reason, message, component, at } = e.first;
      return { type: "create", object: { ...newEvent(object, e.namespace, e.name, type, reason, message, component, at), count: e.times, lastTimestamp: e.last.at } };
    });
    try {
      await this.store.commit(ops);
    } catch {
      // A conflict, or one Event the store refuses: each on its own, so only a bad one is lost.
      for (const r of group) {
        await this.upsert(r).catch((err: unknown) => this.log.warn({ err: (err as Error).message, reason: r.reason }, "could not record event"));
      }
    }
  }

  private async upsert({ object, type, reason, message, component, at }: Recorded): Promise<void> {
    const namespace = object.metadata.namespace ?? "default";
    const name = eventName(object, reason, message, component);
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
