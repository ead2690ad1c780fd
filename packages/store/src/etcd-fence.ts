// Fencing (issue 14): a leader that has lost its lease must not be able to write. The leader key
// (etcd-leader-key.ts) is created by the winning campaign and deleted by etcd when its lease
// ends; its create_revision is therefore unique to one term. A fenced store adds to every commit's
// transaction the compare "the leader key's create_revision is still this term's": a leader that
// was paused (SIGSTOP, a long GC, a VM migration) past its lease and then resumes finds its
// writes refused by etcd itself, however late its own timers notice, and is told so
// (LeadershipLostError, and `onLost`) so it steps down.
import type { ApiObject, ObjectRef } from "@skiff/api";
import { LeadershipLostError } from "./errors.js";
import { SingleWrites } from "./single-writes.js";
import type { ListOptions, ListResult, Store, WatchEvent, WatchOptions, WriteOp } from "./types.js";

/** One leader term, as etcd knows it. */
export interface Fence {
  /** The leader key, in full (`<prefix>/system/leader`). */
  key: string;
  /** Its create_revision when this term won it. */
  createRevision: number;
  /** Who holds it, for messages. */
  identity: string;
}

/** What a store needs to offer to be fenced: EtcdStore. */
export interface FenceableStore extends Store {
  commitFenced(ops: WriteOp[], fence: Fence): Promise<ApiObject[]>;
}

/**
 * The store as one leader term sees it: reads pass through; every commit requires `fence` to
 * hold. `onLost` is called (once) when a commit was refused because the term is over. Closing the
 * view does not close the store.
 */
export class FencedStore extends SingleWrites implements Store {
  private lost = false;

  constructor(
    private readonly store: FenceableStore,
    private readonly fence: Fence,
    private readonly onLost?: () => void,
  ) {
    super();
  }

  revision(): number {
    return this.store.revision();
  }

  get(ref: ObjectRef): Promise<ApiObject | undefined> {
    return this.store.get(ref);
  }

  list(kind: string, options?: ListOptions): Promise<ListResult> {
    return this.store.list(kind, options);
  }

  watch(options: WatchOptions): AsyncIterable<WatchEvent> {
    return this.store.watch(options);
  }

  async commit(ops: WriteOp[]): Promise<ApiObject[]> {
    try {
      return await this.store.commitFenced(ops, this.fence);
    } catch (err) {
      if (err instanceof LeadershipLostError && !this.lost) {
        this.lost = true;
        this.onLost?.();
      }
      throw err;
    }
  }

  async close(): Promise<void> {}
}
