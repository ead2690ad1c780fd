// Events as kubectl shows them, in `get events` and at the end of `describe`: when they were
// seen (and how often), what they are about, who reported them.
import type { ApiObject, Event } from "@skiff/api";
import { age } from "./age.js";

/** When the event last happened: lastTimestamp, else firstTimestamp, else when it was stored. */
export function lastSeen(e: Event): string | undefined {
  return e.lastTimestamp ?? e.firstTimestamp ?? e.metadata.creationTimestamp;
}

/** When it first happened. */
export function firstSeen(e: Event): string | undefined {
  return e.firstTimestamp ?? e.lastTimestamp ?? e.metadata.creationTimestamp;
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

/** OBJECT: `pod/web-1`, kubectl's lower-case kind and the name. */
export function eventObject(e: Event): string {
  const kind = (e.involvedObject?.kind ?? "").toLowerCase();
  return e.involvedObject?.name ? `${kind}/${e.involvedObject.name}` : kind;
}

/** SOURCE: `kubelet, n1`: the component and, when there is one, the host. */
export function eventSource(e: Event): string {
  return [e.source?.component, e.source?.host].filter(Boolean).join(", ");
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
