// The etcd3 client as EtcdStore uses it: no hidden retries, no circuit breaker, a deadline on
// every call, and errors that name the endpoints.
//
// etcd3's defaults retry "recoverable" errors 3 times and open a per-host circuit breaker for 5 s
// after 3 failures (reference/etcd.md, gotcha 3). A retried transaction is ambiguous (the first
// attempt may have committed), and one slow call would black out the whole client. So the client
// gets no-op policies, and this module retries only what is safe to repeat: reads. One policy is
// kept per member: a member that timed out is skipped until it answers again (etcd-members.ts).
import { GRPCDeadlineExceededError, GRPCOutOfRangeError, GRPCUnavailableError, GRPCUnknownError, Etcd3, type IOptions } from "etcd3";
import { noop } from "cockatiel";
import { ExpiredError, UnavailableError, sleep } from "@skiff/api";
import { EtcdMembers, MemberAvoidedError } from "./etcd-members.js";

export interface EtcdConnection {
  /** `http://127.0.0.1:2379` or `https://…`; several for a cluster. */
  endpoints: string[];
  /** PEM: the CA that signed etcd's certificate, and our client certificate and key (mTLS). */
  tls?: { ca?: Buffer; cert?: Buffer; key?: Buffer };
  /** Deadline of one call (ms). */
  callTimeoutMs?: number;
}

export const DEFAULT_CALL_TIMEOUT_MS = 5_000;

export function createEtcdClient(connection: EtcdConnection): Etcd3 {
  const { endpoints, tls } = connection;
  if (endpoints.length === 0) throw new UnavailableError("no etcd endpoint given");
  const options: IOptions = {
    hosts: endpoints,
    faultHandling: { global: noop, host: () => noop },
    grpcOptions: {
      // A list bigger than grpc-js' 4 MiB default fails (and lists are paged anyway).
      "grpc.max_receive_message_length": 64 * 1024 * 1024,
      // Notice a dead connection under a watch that is waiting quietly. etcd refuses pings more
      // often than --grpc-keepalive-min-time (5 s by default), and any ping on a connection with no
      // call open (PermitWithoutStream: false), answering "too_many_pings" with GOAWAY.
      "grpc.keepalive_time_ms": 6_000,
      "grpc.keepalive_timeout_ms": 2_000,
      "grpc.keepalive_permit_without_calls": 0,
    },
  };
  if (tls?.ca || tls?.cert) {
    if (!tls.ca) throw new UnavailableError("--etcd-cert needs --etcd-ca too (the CA that signed etcd's certificate)");
    if (Boolean(tls.cert) !== Boolean(tls.key)) throw new UnavailableError("--etcd-cert and --etcd-key go together");
    options.credentials = { rootCertificate: tls.ca, certChain: tls.cert, privateKey: tls.key };
  }
  // Each member also gets a client of its own, for the probes that tell when it answers again.
  const probes = new Map<string, Etcd3>();
  const probeKey = Buffer.from("/skiff-probe");
  const members = new EtcdMembers(
    endpoints,
    (member, timeoutMs) => {
      let probe = probes.get(member);
      if (!probe) probes.set(member, (probe = new Etcd3({ ...options, hosts: [member] })));
      return probe.kv.range({ key: probeKey, count_only: true }, deadline(timeoutMs));
    },
  );
  const client = new Etcd3({ ...options, faultHandling: { global: noop, host: (member) => members.policyFor(member) } });
  membersOf.set(client, members);
  const close = client.close.bind(client);
  client.close = () => {
    members.close();
    for (const probe of probes.values()) probe.close();
    close();
  };
  return client;
}

const membersOf = new WeakMap<Etcd3, EtcdMembers>();

/** Call `listener` when `client` starts avoiding a member that stopped answering; returns how to stop. */
export function onMemberAvoided(client: Etcd3, listener: (member: string) => void): () => void {
  return membersOf.get(client)?.onAvoided(listener) ?? (() => {});
}

export function deadline(timeoutMs: number): { deadline: number } {
  return { deadline: Date.now() + timeoutMs };
}

export function isUnavailable(err: unknown): boolean {
  return err instanceof MemberAvoidedError || err instanceof GRPCUnavailableError || err instanceof GRPCDeadlineExceededError || isServerTimeout(err);
}

/**
 * A member that is up but cannot reach a quorum answers UNKNOWN once its own deadline passes
 * ("context deadline exceeded", "etcdserver: request timed out", "leader changed").
 */
function isServerTimeout(err: unknown): boolean {
  return err instanceof GRPCUnknownError && /context deadline exceeded|request timed out|leader changed|no leader/.test(err.message);
}

/**
 * The call never reached a member (connection refused, no connection): safe to send again to
 * another member, even a write. A deadline, by contrast, leaves a write's outcome unknown.
 */
/** Between tries of a call no member received: the client picks a member at random each time. */
export const NOT_SENT_PAUSE_MS = 25;

export function wasNotSent(err: unknown): boolean {
  if (err instanceof MemberAvoidedError) return true;
  return err instanceof GRPCUnavailableError && /No connection established|ECONNREFUSED/.test(err.message);
}

export function isCompacted(err: unknown): boolean {
  return err instanceof GRPCOutOfRangeError && /compacted/.test(err.message);
}

/** The longest one attempt of a read may take: a healthy member answers in milliseconds. */
export const READ_ATTEMPT_MS = 1_000;

/**
 * A read, tried again on another endpoint when etcd is unreachable (the client picks one at
 * random each time), all within `timeoutMs`: an attempt gets at most READ_ATTEMPT_MS (and half the
 * budget), so that one member that hangs (stopped, partitioned) costs one short attempt, after
 * which it is avoided (etcd-members.ts). When the budget is spent the
 * read fails naming the endpoints: a store without quorum answers in bounded time, never hangs.
 * Never a write: see the header.
 */
export async function read<T>(endpoints: string[], what: string, call: (options: { deadline: number }) => Promise<T>, timeoutMs = DEFAULT_CALL_TIMEOUT_MS): Promise<T> {
  const end = Date.now() + timeoutMs;
  const attemptMs = Math.min(READ_ATTEMPT_MS, Math.ceil(timeoutMs / 2));
  let lastError: unknown;
  for (;;) {
    const remaining = end - Date.now();
    if (remaining <= 0) break;
    try {
      return await call({ deadline: Date.now() + Math.min(attemptMs, remaining) });
    } catch (err) {
      if (!isUnavailable(err)) throw translate(endpoints, what, err);
      lastError = err;
      // A dead member refuses at once: try again (another member, likely) until the budget is spent.
      if (wasNotSent(err)) await sleep(Math.min(NOT_SENT_PAUSE_MS, Math.max(0, end - Date.now())));
    }
  }
  throw translate(endpoints, what, lastError);
}

/**
 * What a user reads when etcd cannot serve a call: a member without a leader (a majority of the
 * members down) and members that do not answer look alike from here, so the message names both.
 */
export function noQuorumMessage(endpoints: string[], what: string, err: unknown, outcome = "try again when etcd is back"): string {
  return `the store (etcd at ${endpoints.join(",")}) does not answer or has no quorum (${what}: ${messageOf(err)}): ${outcome}`;
}

/** etcd's errors as the store's: unreachable -> UnavailableError naming the endpoints. */
export function translate(endpoints: string[], what: string, err: unknown): Error {
  if (isUnavailable(err)) return new UnavailableError(noQuorumMessage(endpoints, what, err), { cause: err });
  if (isCompacted(err)) return new ExpiredError(`${what}: etcd has compacted that revision: re-list and retry`, { cause: err });
  return err instanceof Error ? err : new Error(String(err));
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
