// The election loop: campaign while following, renew while leading, and run the leader-only
// components for exactly as long as this server leads. Each term gets its own AbortSignal: a step
// down aborts it and waits for the components to stop before anything else happens, so a term can
// end and a new one begin any number of times in one process (each term builds its components
// afresh: new informers, re-listed).
//
// A timer, not the renew call, ends a term whose lease could not be renewed in time: a keepalive
// hanging on an unreachable etcd must not keep the components running past the deadline.
import { sleep } from "@skiff/api";
import type { Fence } from "@skiff/store";
import type { Logger } from "../log.js";
import { afterCampaign, afterRenew, callTimeoutMs, FOLLOWER, mustStepDown, nextCallInMs, stepDownAt, type ElectionTiming, type Role } from "./election-plan.js";

/** The store's side of an election: EtcdLeaderKey, or LocalElection for a single server. */
export interface ElectionBackend {
  campaign(identity: string, timeoutMs: number): Promise<{ won: boolean; holder?: string }>;
  renew(timeoutMs: number): Promise<boolean>;
  resign(timeoutMs: number): Promise<void>;
  /** Forget the lease without a call: it expires by itself. */
  abandon(): void;
  close(): void;
  /** A lead that no one else can take (a single server): no step-down deadline, even after a long stall. */
  readonly unopposed?: boolean;
  /** The term just won, as etcd knows it: the term's writes carry it (etcd-fence.ts). */
  fence?(): Fence | undefined;
}

/**
 * What a term runs: resolves once `signal` aborted and everything stopped; rejects if a component
 * failed. `fence` (on etcd) is the term, for writes that must not outlive it.
 */
export type LeaderWork = (signal: AbortSignal, fence: Fence | undefined) => Promise<void>;

interface Term {
  stop: AbortController;
  done: Promise<void>;
  deadline?: NodeJS.Timeout;
}

export class LeaderElector {
  private role: Role = FOLLOWER;
  private term: Term | undefined;
  private failure: unknown;
  private readonly failed = new AbortController();
  /** Who leads, as last seen (ourselves while leading). */
  holder: string | undefined;

  constructor(
    private readonly backend: ElectionBackend,
    readonly identity: string,
    private readonly timing: ElectionTiming,
    private readonly work: LeaderWork,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  get leading(): boolean {
    return this.role.leading;
  }

  /** Elect until `signal` aborts; then stop leading and resign, so another server takes over at once. */
  async start(signal: AbortSignal): Promise<void> {
    const stopping = AbortSignal.any([signal, this.failed.signal]);
    let lastError = "";
    try {
      while (!stopping.aborted) {
        try {
          if (this.role.leading) await this.renew();
          else await this.campaign();
          lastError = "";
        } catch (err) {
          // Said once per kind of failure, not at every retry.
          const message = err instanceof Error ? err.message : String(err);
          if (message !== lastError) this.log.warn({ err: message }, this.role.leading ? "could not renew the leader lease; retrying" : "could not campaign for the lead; retrying");
          lastError = message;
        }
        await sleep(nextCallInMs(this.role, this.timing), stopping);
      }
    } finally {
      const wasLeading = this.role.leading;
      await this.endTerm(signal.aborted ? "shutting down" : "a leader component failed");
      if (wasLeading) {
        // Revoking the lease deletes the leader key: a follower's next campaign (within its retry interval) wins.
        await this.backend.resign(1_000).then(
          () => this.log.info("resigned the lead"),
          (err: unknown) => this.log.warn({ err }, "could not resign the lead; another server takes over when the lease expires"),
        );
      }
      this.backend.close();
    }
    if (this.failure !== undefined) throw this.failure;
  }

  private async campaign(): Promise<void> {
    const sentAt = this.now();
    const result = await this.backend.campaign(this.identity, callTimeoutMs(this.role, sentAt, this.timing));
    if (result.holder !== this.holder) this.log.info({ leader: result.holder ?? null }, result.holder ? `${result.holder} leads` : "no server leads");
    this.holder = result.holder;
    this.role = afterCampaign(result.won, sentAt);
    if (this.role.leading) this.beginTerm();
  }

  private async renew(): Promise<void> {
    const sentAt = this.now();
    const term = this.term;
    let renewed: boolean | undefined;
    try {
      renewed = await this.backend.renew(callTimeoutMs(this.role, sentAt, this.timing));
    } finally {
      if (this.term === term && this.term) {
        this.role = afterRenew(this.role, renewed, sentAt);
        if (!this.role.leading) await this.stepDown("the leader lease expired");
        else this.armDeadline();
      }
    }
  }

  private beginTerm(): void {
    const stop = new AbortController();
    this.log.info({ identity: this.identity }, "this server leads: starting the controllers, scheduler and node lifecycle");
    const term: Term = { stop, done: Promise.resolve() };
    term.done = this.work(stop.signal, this.backend.fence?.()).catch((err: unknown) => {
      this.failure ??= err;
      this.failed.abort();
    });
    this.term = term;
    this.armDeadline();
  }

  /** (Re)set the timer that ends the term if no renewal succeeds before the deadline. */
  private armDeadline(): void {
    const term = this.term;
    const at = stepDownAt(this.role, this.timing);
    if (!term || at === undefined || this.backend.unopposed) return;
    clearTimeout(term.deadline);
    term.deadline = setTimeout(() => {
      if (this.term === term && mustStepDown(this.role, this.now(), this.timing)) void this.stepDown("could not renew the leader lease in time");
    }, Math.max(at - this.now(), 0));
  }

  /**
   * The store refused a write of this term (its fence no longer holds: another server leads).
   * The lease is gone whatever our timers say: stop leading now.
   */
  lost(fence: Fence): void {
    if (this.role.leading && this.backend.fence?.() === fence) void this.stepDown(`the store refused a write: ${fence.identity}'s term is over`);
  }

  private async stepDown(why: string): Promise<void> {
    this.role = FOLLOWER;
    this.backend.abandon();
    this.holder = undefined;
    await this.endTerm(why);
  }

  private async endTerm(why: string): Promise<void> {
    const term = this.term;
    if (!term) return;
    this.term = undefined;
    this.role = FOLLOWER;
    clearTimeout(term.deadline);
    this.log.warn({ why }, "this server stops leading: stopping the controllers, scheduler and node lifecycle");
    term.stop.abort();
    await term.done;
  }
}

/** A single server on LevelDB: no one to elect against, it leads at once and for good. */
export class LocalElection implements ElectionBackend {
  readonly unopposed = true;
  async campaign(identity: string) {
    return { won: true, holder: identity };
  }
  async renew() {
    return true;
  }
  async resign() {}
  abandon() {}
  close() {}
}
