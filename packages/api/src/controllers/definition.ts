// What a controller is, whatever runs it: the kinds it watches (and the keys each change wakes),
// and a reconcile of one key. skiff's server runs definitions on its shared informers
// (@skiff/server's Controller); an operator runs one as its own process on the SDK's list and
// watch (@skiff/client's runController). Only the context a reconcile gets differs.
import type { ApiObject } from "../meta.js";
import type { Caches } from "./caches.js";
import type { RateLimit } from "./work-queue.js";

export interface ReconcileResult {
  /** Reconcile this key again after this long, even if nothing changes (a deadline, a delay). */
  requeueAfterMs?: number;
}

export interface Watch {
  kind: string;
  /**
   * The keys to reconcile when an object of this kind changes (its own, its owner's, those whose
   * selector matches it...). Called with the old and the new state of an update. `caches` answers
   * by index (the Services that may select a pod's labels); keep it O(what the object touches).
   */
  keysFor(object: ApiObject, caches: Caches): string[];
}

/** A controller's definition, for a reconcile context `Ctx`. */
export interface ControllerShape<Ctx> {
  name: string;
  watches: Watch[];
  reconcile(key: string, ctx: Ctx): Promise<ReconcileResult | void>;
  /** Parallel workers (default 2); one key is never reconciled by two at once. */
  workers?: number;
  rateLimit?: RateLimit;
}

/** A failure that retrying cannot fix (a malformed object): logged once, not retried. */
export class TerminalError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "TerminalError";
  }
}
