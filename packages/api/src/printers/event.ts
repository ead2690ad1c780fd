// An Event's cells as kubectl prints them (printers.go printEvent): when it was first and last
// seen, how often, what it is about and who reported it. Reads the events.k8s.io-era fields
// (eventTime, series, reportingController/Instance) when an Event carries them.
import type { Event } from "../types.js";

interface EventExtras {
  eventTime?: string;
  series?: { count?: number; lastObservedTime?: string };
  reportingController?: string;
  reportingInstance?: string;
}

const extras = (e: Event) => e as Event & EventExtras;

/** When it first happened: firstTimestamp, else eventTime (undefined when neither is set). */
export function eventFirstSeen(e: Event): string | undefined {
  return e.firstTimestamp || extras(e).eventTime || undefined;
}

/** When it last happened: the series' last observation, else lastTimestamp, else when first seen. */
export function eventLastSeen(e: Event): string | undefined {
  return extras(e).series?.lastObservedTime || e.lastTimestamp || eventFirstSeen(e);
}

/** COUNT: the series' count, else `count`; a singleton event counts 1. */
export function eventCount(e: Event): number {
  const series = extras(e).series;
  return (series ? series.count : e.count) || 1;
}

/** OBJECT: `pod/web-1`, kubectl's lower-case kind and the name (the kind alone without a name). */
export function eventObject(e: Event): string {
  const kind = (e.involvedObject?.kind ?? "").toLowerCase();
  return e.involvedObject?.name ? `${kind}/${e.involvedObject.name}` : kind;
}

/** SOURCE: `kubelet, n1`: the component (or reporting controller) and, when there is one, the host. */
export function eventSource(e: Event): string {
  const component = e.source?.component || extras(e).reportingController || "";
  const host = e.source?.host || extras(e).reportingInstance || "";
  return host ? `${component}, ${host}` : component;
}
