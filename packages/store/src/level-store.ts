// The Store on LevelDB. One process owns the data dir; inside it, writes go one group at a time
// through a mutex. Each commit gets its own revision and its own entry in the change log, and is
// checked (compare-and-swap) on its own; the commits that arrived while the previous group was
// being written go to disk together, as ONE atomic, fsync'ed LevelDB batch (group commit, as
// databases do with their log): a thousand nodes reporting status at once cost a few fsyncs,
// not a thousand. Only after the fsync is a commit acknowledged and published to watches, so
// "acknowledged" still means "on disk". Readers never wait for writers: they read LevelDB snapshots.
import { Level } from "level";
import { UnavailableError, type ApiObject, type ObjectRef } from "@skiff/api";
import { ChangeFeed } from "./change-feed.js";
import { expiredLogKey, loadHistory, logKey } from "./change-log.js";
import { DataDirInUseError } from "./errors.js";
import type { Change, HistoryWindow } from "./history.js";
import { kindPrefix, namespacePrefix, prefixRange, storeKey } from "./keys.js";
import { Mutex } from "./mutex.js";
import { planGroup, type GroupPlan, type PendingCommit } from "./group-commit.js";
import { SingleWrites } from "./single-writes.js";
import { opKey } from "./plan.js";
import type { ListOptions, ListResult, Store, WatchEvent, WatchOptions, WriteOp } from "./types.js";

/** Revisions of change log kept (on disk and in memory) for watches to replay. */
export const DEFAULT_HISTORY_SIZE = 10_000;

export interface LevelStoreOptions {
  /** How many revisions (commits) a watch can go back at most; older ones get ExpiredError. */
  historySize?: number;
  /** In memory, changes older than this window are forgotten too (beyond a minimum count). */
  historyWindow?: HistoryWindow;
  /** LevelDB's block cache and write buffer, in bytes (LEVEL_MEMORY by default). */
  memory?: { cacheSize: number; writeBufferSize: number };
}

/**
 * LevelDB's native memory, outside V8's heap. Its defaults (8 MiB of block cache, up to two
 * 4 MiB write buffers) fill over minutes of churn and showed as RSS growth (R6, issue 16); the
 * server already keeps what it reads often in its informers, and the OS caches the files.
 */
export const LEVEL_MEMORY = { cacheSize: 1 << 21, writeBufferSize: 1 << 21 };

const REVISION_KEY = "revision";
/** At most this many commits go to disk together. */
export const MAX_GROUP = 128;

export class LevelStore extends SingleWrites implements Store {
  private readonly writeLock = new Mutex();
  /** Commits waiting for the group being written now; the next group takes them all. */
  private pending: PendingCommit[] = [];
  private closing: Promise<void> | undefined;

  private readonly objects: Sublevels["objects"];
  private readonly meta: Sublevels["meta"];
  private readonly log: Sublevels["log"];

  private constructor(
    private readonly db: Level<string, string>,
    sublevels: Sublevels,
    private readonly feed: ChangeFeed,
    private readonly historySize: number,
    private currentRevision: number,
  ) {
    super();
    ({ objects: this.objects, meta: this.meta, log: this.log } = sublevels);
  }

  /** Open (or create) the store in `dir`. Fails with DataDirInUseError if another process has it. */
  static async open(dir: string, options: LevelStoreOptions = {}): Promise<LevelStore> {
    const historySize = options.historySize ?? DEFAULT_HISTORY_SIZE;
    const db = new Level<string, string>(dir, { ...LEVEL_MEMORY, ...options.memory });
    try {
      await db.open();
    } catch (err) {
      if (isLocked(err)) throw new DataDirInUseError(dir, { cause: err });
      throw err;
    }
    try {
      const sublevels = sublevelsOf(db);
      const revision = (await sublevels.meta.get(REVISION_KEY)) ?? 0;
      const history = await loadHistory(sublevels.log, revision, historySize, options.historyWindow);
      return new LevelStore(db, sublevels, new ChangeFeed(history), historySize, revision);
    } catch (err) {
      await db.close();
      throw err;
    }
  }

  revision(): number {
    return this.currentRevision;
  }

  /** LevelDB's own estimate of its native memory: block cache, write buffers, open tables. */
  nativeMemoryBytes(): number {
    // In Node, `level` is classic-level, whose getProperty its own types do not declare.
    const db = this.db as unknown as { getProperty(name: string): string };
    return Number(db.getProperty("leveldb.approximate-memory-usage"));
  }

  async get(ref: ObjectRef): Promise<ApiObject | undefined> {
    this.assertOpen();
    return this.objects.get(storeKey(ref));
  }

  async list(kind: string, options: ListOptions = {}): Promise<ListResult> {
    this.assertOpen();
    const { namespace, selector } = options;
    const prefix = namespace ? namespacePrefix(kind, namespace) : kindPrefix(kind);
    // The revision is written in the same batch as the objects, so reading both from one
    // snapshot gives a revision that matches the items exactly: no commit half in, half out.
    const snapshot = this.db.snapshot();
    try {
      const revision = (await this.meta.get(REVISION_KEY, { snapshot })) ?? 0;
      const items: ApiObject[] = [];
      for await (const object of this.objects.values({ ...prefixRange(prefix), snapshot })) {
        if (!selector || selector.matches(object.metadata.labels)) items.push(object);
      }
      return { items: items.sort(byNamespaceThenName), revision };
    } finally {
      await snapshot.close();
    }
  }

  commit(ops: WriteOp[]): Promise<ApiObject[]> {
    // Checked on the way in: a commit queued before close() still completes.
    if (this.closing) return Promise.reject(closedError());
    if (ops.length === 0) return Promise.resolve([]); // nothing to write: no new revision
    return new Promise((resolve, reject) => {
      // The first commit of a group queues the group's turn; later ones join it until it starts.
      if (this.pending.length === 0) void this.writeLock.run(() => this.commitGroup());
      this.pending.push({ ops, resolve, reject });
    });
  }

  watch(options: WatchOptions): AsyncIterable<WatchEvent> {
    return this.feed.watch(options);
  }

  /** End every watch, refuse new writes, let queued ones finish, then close the DB. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.feed.close();
      await this.writeLock.run(() => this.db.close());
    })();
    return this.closing;
  }

  /**
   * Runs under the write lock, so nothing changes between reading the keys and writing them.
   * Each commit of the group is planned on the state the earlier ones leave; one that is refused
   * (Conflict, NotFound...) fails alone and takes no revision.
   */
  private async commitGroup(): Promise<void> {
    // A bounded group: its planning, encoding and publishing run without a break, and a server
    // must keep answering heartbeats meanwhile. The rest wait for the next group.
    const group = this.pending.splice(0, MAX_GROUP);
    if (group.length === 0) return;
    if (this.pending.length > 0) void this.writeLock.run(() => this.commitGroup());
    let refused: GroupPlan["refused"] = [];
    // A refused commit is answered once the commits it lost to are readable: a caller that reads
    // again after its ConflictError sees the newer version, never the one it was refused against.
    const refuse = () => {
      for (const { commit, err } of refused) commit.reject(err);
    };
    try {
      const keys = [...new Set(group.flatMap((c) => c.ops.map(opKeyOrNothing)).filter((k): k is string => k !== undefined))];
      const stored = await this.objects.getMany(keys);
      const plan = planGroup(group, new Map(keys.map((key, i) => [key, stored[i]])), this.currentRevision);
      const { planned } = plan;
      refused = plan.refused;
      if (planned.length === 0) return refuse();

      const batch = this.db.batch(); // chained batch: one atomic write across sublevels
      for (const { plan } of planned) {
        for (const [key, object] of plan.writes) {
          if (object) batch.put(key, object, { sublevel: this.objects });
          else batch.del(key, { sublevel: this.objects });
        }
        const revision = plan.change.revision;
        batch.put(logKey(revision), plan.change, { sublevel: this.log });
        const obsolete = expiredLogKey(revision, this.historySize);
        if (obsolete) batch.del(obsolete, { sublevel: this.log });
      }
      const last = planned[planned.length - 1]!.plan.change.revision;
      batch.put(REVISION_KEY, last, { sublevel: this.meta });
      // sync: fsync before acknowledging, so a write the caller saw succeed survives a crash.
      await batch.write({ sync: true });

      for (const { commit, plan } of planned) {
        this.currentRevision = plan.change.revision;
        this.feed.publish(plan.change);
        // Callers get their own copies: the plan's objects now belong to the history.
        commit.resolve(plan.results.map((object) => structuredClone(object)));
      }
      refuse();
    } catch (err) {
      // Nothing of the group was written (the batch is atomic): every commit in it fails, a refused
      // one with its own reason.
      const own = new Set(refused.map((r) => r.commit));
      refuse();
      for (const commit of group) if (!own.has(commit)) commit.reject(err);
    }
  }

  private assertOpen(): void {
    if (this.closing) throw closedError();
  }
}

/** opKey, or undefined for a malformed op (planGroup refuses it with the error). */
function opKeyOrNothing(op: WriteOp): string | undefined {
  try {
    return opKey(op);
  } catch {
    return undefined;
  }
}

function closedError(): UnavailableError {
  return new UnavailableError("the store is closed");
}

/** Three key spaces in one LevelDB, so that one batch can write to all of them atomically. */
function sublevelsOf(db: Level<string, string>) {
  return {
    /** storeKey -> the object as stored. */
    objects: db.sublevel<string, ApiObject>("objects", { valueEncoding: "json" }),
    /** `revision` -> the revision of the last commit. */
    meta: db.sublevel<string, number>("meta", { valueEncoding: "json" }),
    /** logKey(revision) -> that commit's Change, for watches (see change-log.ts). */
    log: db.sublevel<string, Change>("log", { valueEncoding: "json" }),
  };
}
type Sublevels = ReturnType<typeof sublevelsOf>;

function byNamespaceThenName(a: ApiObject, b: ApiObject): number {
  return compare(a.metadata.namespace ?? "", b.metadata.namespace ?? "") || compare(a.metadata.name, b.metadata.name);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** classic-level reports a held lock as "not open", caused by LEVEL_LOCKED. */
function isLocked(err: unknown): boolean {
  const cause = (err as { cause?: { code?: unknown } } | undefined)?.cause;
  return cause?.code === "LEVEL_LOCKED" || (err as { code?: unknown } | undefined)?.code === "LEVEL_LOCKED";
}
