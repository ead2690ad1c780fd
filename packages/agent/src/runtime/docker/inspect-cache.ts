// listContainers is called by every pod worker on every sync. Docker's list has the state but
// not the exit code, OOM flag, error or start time, which need one inspect per container. This
// cache keeps each inspect for as long as the list says nothing changed (see listKey), so a
// steady node costs one list call per sync instead of 1 + N.
import type { ContainerInfo } from "../runtime.js";

const MAX_ENTRIES = 4096;

export class InspectCache {
  private readonly entries = new Map<string, { key: string; info: ContainerInfo }>();

  get(id: string, key: string): ContainerInfo | undefined {
    const e = this.entries.get(id);
    return e && e.key === key ? e.info : undefined;
  }

  set(id: string, key: string, info: ContainerInfo): void {
    this.entries.delete(id); // re-insert at the end: the Map's order is our LRU order
    this.entries.set(id, { key, info });
    if (this.entries.size > MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  forget(id: string): void {
    this.entries.delete(id);
    // A short id (or a name) given by a caller: drop anything it could stand for.
    if (id.length < 64) for (const k of this.entries.keys()) if (k.startsWith(id)) this.entries.delete(k);
  }

  get size(): number {
    return this.entries.size;
  }
}
