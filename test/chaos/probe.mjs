// Loaded into the server and agents of R6 by NODE_OPTIONS="--expose-gc --import <this file>":
// every $SKIFF_CHAOS_PROBE_MS (default 5 s) it collects garbage, then writes what the process
// holds to $SKIFF_CHAOS_PROBE_DIR/<pid>.json — RSS and heap, active handles by type
// (process.getActiveResourcesInfo), and event listeners: the listeners of every EventEmitter and
// EventTarget (AbortSignal included) that ever got one and is still reachable, found again through
// weak references so that the count keeps nothing alive (the collection first, so that garbage
// not yet collected is not counted). It changes nothing else in the process.
import { EventEmitter, getEventListeners } from "node:events";
import { renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { getHeapSpaceStatistics } from "node:v8";

const dir = process.env.SKIFF_CHAOS_PROBE_DIR;
if (dir) {
  /** @type {Map<WeakRef<object>, Set<string> | undefined>} targets (EventTarget: the types it got) */
  const targets = new Map();
  const known = new WeakMap();

  const track = (target, type) => {
    let entry = known.get(target);
    if (!entry) {
      entry = { ref: new WeakRef(target), types: target instanceof EventEmitter ? undefined : new Set() };
      known.set(target, entry);
      targets.set(entry.ref, entry.types);
    }
    if (entry.types && typeof type === "string") entry.types.add(type);
  };

  for (const method of ["on", "addListener", "prependListener", "once", "prependOnceListener"]) {
    const original = EventEmitter.prototype[method];
    EventEmitter.prototype[method] = function (...args) {
      track(this);
      return original.apply(this, args);
    };
  }
  const addEventListener = EventTarget.prototype.addEventListener;
  EventTarget.prototype.addEventListener = function (type, ...rest) {
    track(this, type);
    return addEventListener.call(this, type, ...rest);
  };

  const count = () => {
    let emitters = 0;
    let listeners = 0;
    for (const [ref, types] of targets) {
      const target = ref.deref();
      if (!target) {
        targets.delete(ref);
        continue;
      }
      const n = types
        ? [...types].reduce((sum, type) => sum + getEventListeners(target, type).length, 0)
        : target.eventNames().reduce((sum, name) => sum + target.listenerCount(name), 0);
      if (n > 0) emitters++;
      listeners += n;
    }
    return { emitters, listeners };
  };

  const file = join(dir, `${process.pid}.json`);
  const write = () => {
    globalThis.gc?.();
    const handles = {};
    for (const type of process.getActiveResourcesInfo()) handles[type] = (handles[type] ?? 0) + 1;
    const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
    // Where V8's reserved heap is: the young generation grows with the allocation rate.
    const spaces = Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, s.space_size]));
    const spacesUsed = Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, s.space_used_size]));
    const sample = { at: Date.now(), rss, heapUsed, heapTotal, external, arrayBuffers, spaces, spacesUsed, handles, ...count() };
    writeFileSync(`${file}.tmp`, JSON.stringify(sample));
    renameSync(`${file}.tmp`, file);
  };
  setInterval(write, Number(process.env.SKIFF_CHAOS_PROBE_MS) || 5_000).unref();
}
