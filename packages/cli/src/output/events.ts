// Events as kubectl shows them, in `get events` and at the end of `describe`: when they were
// seen (and how often), what they are about, who reported them.
import { age, eventFirstSeen, eventLastSeen, type ApiObject, type Event } from "@skiff/api";

// OBJECT and SOURCE are kubectl's cells, defined once in @skiff/api for the CLI and the REST edge.
export { eventObject, eventSource } from "@skiff/api";

/** When the event last happened (kubectl's rule), else when it was stored. */
export function lastSeen(e: Event): string | undefined {
  return eventLastSeen(e) ?? e.metadata.creationTimestamp;
}

/** When it first happened (kubectl's rule), else when it was last seen, else when it was stored. */
export function firstSeen(e: Event): string | undefined {
  return eventFirstSeen(e) ?? e.lastTimestamp ?? e.metadata.creationTimestamp;
}

/** Oldest first, by when each was last seen (kubectl's SortableEvents); ties by name. */
export function sortEvents<T extends Event>(events: readonly T[]): T[] {
  const t = (e: Event) => Date.parse(lastSeen(e) ?? "") || 0;
  return [...events].sort((a, b) => t(a) - t(b) || a.metadata.name.localeCompare(b.metadata.name));
}

/** describe's Age: `2m`, or `5s (x3 over 2m)` for an event seen several times. */
export function eventInterval(e: Event, now: number): string {
  const first = age(firstSeen(e), now);
  const count = e.count ?? 1;
  return count > 1 ? `${age(lastSeen(e), now)} (x${count} over ${first})` : first;
}

/** The events about `obj` (matched by uid, so those of a deleted namesake do not show), oldest first. */
export function eventsAbout(events: readonly Event[], obj: ApiObject): Event[] {
  const uid = obj.metadata.uid;
  return uid ? sortEvents(events.filter((e) => e.involvedObject?.uid === uid)) : [];
}

/** `--for pod/web`: the events about that object by kind and name. */
export function eventIsFor(e: Event, kind: string, name: string): boolean {
  return e.involvedObject?.kind === kind && e.involvedObject.name === name;
}

/**
 * When it last happened as a local clock time (`14:03:07`), with the date when not today
 * (`12-06 23:59:01`): what `get events -w` prints, so that lines watched live tell apart.
 */
export function clockTime(timestamp: string | undefined, now: number): string {
  const t = Date.parse(timestamp ?? "");
  if (!Number.isFinite(t)) return "<unknown>";
  const d = new Date(t);
  const two = (n: number) => String(n).padStart(2, "0");
  const time = `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
  return d.toDateString() === new Date(now).toDateString() ? time : `${two(d.getMonth() + 1)}-${two(d.getDate())} ${time}`;
}
