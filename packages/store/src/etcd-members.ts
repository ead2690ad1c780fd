// Which etcd members new calls avoid. A member that hangs (stopped, paused VM, stuck disk) keeps
// its TCP connection open and answers nothing, so every call sent to it waits out its deadline.
// Once a call to a member times out or is refused, new calls skip that member until a probe (a
// small linearizable read sent to it alone) is answered again. When every member is avoided, none
// is: then etcd has no quorum, and calls fail on their own deadlines with the usual message.
// Avoiding a member is also announced (`onAvoided`): the watches reopen, so that one whose stream
// waits on that member moves to another at once, rather than after gRPC's keepalive (8 s).
import { noop, type IDefaultPolicyContext, type IPolicy } from "cockatiel";
import { isUnavailable } from "./etcd-client.js";

/** How long a probe of an avoided member waits for its answer, and the pause between probes. */
export const PROBE_TIMEOUT_MS = 1_000;
export const PROBE_PAUSE_MS = 250;

/** Thrown instead of calling an avoided member: the call was not sent, so another member may take it. */
export class MemberAvoidedError extends Error {
  constructor(member: string) {
    super(`etcd member ${member} did not answer recently: skipped`);
    this.name = "MemberAvoidedError";
  }
}

/** Send one cheap call to `member` alone; resolves when it answered within `timeoutMs`. */
export type Probe = (member: string, timeoutMs: number) => Promise<unknown>;

export class EtcdMembers {
  private readonly avoided = new Set<string>();
  private closed = false;

  constructor(
    private readonly members: string[],
    private readonly probe: Probe,
  ) {}

  private readonly listeners = new Set<(member: string) => void>();

  /** Call `listener` whenever a member starts being avoided; returns how to stop. */
  onAvoided(listener: (member: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Is `member` skipped by new calls now? Never all of them at once. */
  avoids(member: string): boolean {
    return this.avoided.has(member) && this.avoided.size < this.members.length;
  }

  /** The call to `member` failed: when the failure says it does not answer, avoid it until a probe succeeds. */
  failed(member: string, err: unknown): void {
    if (this.closed || !isUnavailable(err) || this.avoided.has(member)) return;
    this.avoided.add(member);
    for (const listener of this.listeners) listener(member);
    void this.probeUntilAnswering(member);
  }

  /** The etcd3 per-host policy: refuses calls to an avoided member, records the ones that fail. */
  policyFor(member: string): IPolicy<IDefaultPolicyContext> {
    return {
      _altReturn: undefined as never,
      onSuccess: noop.onSuccess,
      onFailure: noop.onFailure,
      execute: async <T>(fn: (context: IDefaultPolicyContext) => PromiseLike<T> | T, signal?: AbortSignal): Promise<T> => {
        if (this.avoids(member)) throw new MemberAvoidedError(member);
        try {
          return await fn({ signal: signal ?? new AbortController().signal });
        } catch (err) {
          this.failed(member, err);
          throw err;
        }
      },
    };
  }

  close(): void {
    this.closed = true;
  }

  private async probeUntilAnswering(member: string): Promise<void> {
    while (!this.closed) {
      await new Promise((r) => setTimeout(r, PROBE_PAUSE_MS).unref?.());
      if (this.closed) break;
      try {
        await this.probe(member, PROBE_TIMEOUT_MS);
        break;
      } catch {
        // Still silent (or still without a leader): keep avoiding it.
      }
    }
    this.avoided.delete(member);
  }
}
