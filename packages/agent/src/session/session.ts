// The agent's session with the server: register, then three loops side by side (heartbeats,
// the Assignments stream, status reports) until one fails; then back off and register again.
// Pods keep running the whole time: the session only carries news, it owns no containers.
import * as grpc from "@grpc/grpc-js";
import type { NodeUsage, RegisterRequest } from "@skiff/proto";
import type { AgentMetrics } from "../metrics/agent-metrics.js";
import type { Logger } from "pino";
import { applyAssignments, type Applied, type AssignedSet } from "./assignments.js";
import { failoverOrder, mergeServerLists, serverAddresses, sleep } from "@skiff/api/core";
import { reconnectDelay } from "./backoff.js";
import { NodeClient, isGrpcError } from "./node-client.js";
import { sendStatuses } from "./status-sender.js";
import type { TraceOutbox } from "./trace-outbox.js";
import { renewalTime, type NodeCredentials } from "./certificates.js";
import type { StatusReporter } from "./status-reporter.js";

export interface SessionOptions {
  /** HOST:PORT of the server, or several (`a:7443,b:7443`): the session fails over between them. */
  server: string;
  registration: () => RegisterRequest;
  reporter: StatusReporter;
  log: Logger;
  /** Called for every assignments message that applied (COMPLETE or INCREMENTAL). */
  onAssignments: (applied: Exclude<Applied, { kind: "gap" }>) => void;
  /** Called after each successful registration, before any assignment: who the server says we are. */
  /** Called after each registration, before any assignment; awaited (the node network is made here). */
  onRegistered?: (info: Registered) => void | Promise<void>;
  /** The node's certificate (mutual TLS); absent: plaintext, against a server run with --insecure. */
  tls?: SessionTls;
  /** The latest usage report not sent yet, for the next heartbeat to carry (usage/collector.ts). */
  usage?: () => NodeUsage | undefined;
  /** Heartbeats and assignment messages are counted here when given. */
  metrics?: AgentMetrics;
  /** The agent's steps for `skiff trace`, sent as they come; absent: none sent. */
  trace?: TraceOutbox;
}

/** The node's credentials as the session uses them: read now, replaced when renewed. */
export interface SessionTls {
  current(): NodeCredentials;
  /** Keep renewed credentials (in the state dir) and make them current. */
  update(next: NodeCredentials): Promise<void>;
}

/** The server ended the Assignments stream (it is shutting down): try another server. */
class StreamEnded extends Error {}

/** The session ended because the certificate was renewed: connect again with the new one. */
class CertificateRenewed extends Error {}

// Longest single wait for the renewal time (setTimeout's limit is about 24 days).
const MAX_RENEWAL_WAIT_MS = 24 * 3600_000;

/** What a registration tells the agent about itself (docs/networking.md). */
export interface Registered {
  nodeUid: string;
  sessionId: string;
  /** Which block of --cluster-cidr the node holds (from 1), the same on every registration; 0 for a simulated node (no network). */
  nodeIndex: number;
  /** The node's block of --cluster-cidr (e.g. 10.240.6.0/23): pods in its first half, node-local Service addresses in its second; empty for a simulated node. */
  podCIDR: string;
  /** The server's --service-cluster-ip-range; empty from an older server (10.96.0.0/24). */
  serviceCIDR: string;
}


/** How long status reports wait after the server refused them for its rate limit. */
const RATE_LIMITED_RETRY_MS = 200;

export class Session {
  private client: NodeClient;
  private sessionId: string | undefined;

  /** A ServiceAccount token for one of this node's pods (serviceaccount/pod-tokens.ts), over the current session. */
  serviceAccountToken(namespace: string, pod: string, uid: string): Promise<{ token: string; expiresAtMs: number }> {
    if (!this.sessionId) return Promise.reject(new Error("not registered yet"));
    return this.client.serviceAccountToken(this.sessionId, namespace, pod, uid);
  }
  /** The servers given (flags), then those the servers named in their replies. */
  private readonly given: string[];
  private known: string[];

  constructor(private readonly o: SessionOptions) {
    this.given = serverAddresses(o.server);
    if (this.given.length === 0) this.given = [o.server];
    this.known = this.given;
    this.client = new NodeClient(this.given[0]!, o.tls?.current());
  }

  /** The server the session talks to now. */
  get server(): string {
    return this.client.server;
  }

  /** Every server the agent knows of, in the order it would try them. */
  servers(): string[] {
    return [...this.known];
  }

  /** What a registration or heartbeat reply says of the running servers. */
  private learned(servers: readonly string[] | undefined): void {
    if (!servers || servers.length === 0) return;
    const next = mergeServerLists(this.given, servers);
    if (next.join(",") !== this.known.join(",")) this.o.log.info({ servers: next }, "server list updated");
    this.known = next;
  }

  /** After a failure that says the server is gone: the next server, with the same credentials. */
  private failOver(err: unknown): void {
    if (this.known.length < 2) return;
    if (!isGrpcError(err, grpc.status.UNAVAILABLE) && !isGrpcError(err, grpc.status.DEADLINE_EXCEEDED) && !(err instanceof StreamEnded)) return;
    const next = failoverOrder(this.known, this.client.server)[0]!;
    this.o.log.warn({ from: this.client.server, to: next }, "server unreachable; failing over to another");
    this.client.close();
    this.client = new NodeClient(next, this.o.tls?.current());
  }

  async start(signal: AbortSignal): Promise<void> {
    let failures = 0;
    let heartbeatPeriodMs: number | undefined;
    while (!signal.aborted) {
      try {
        const reg = await this.client.register(this.o.registration());
        this.sessionId = reg.sessionId;
        this.learned(reg.servers);
        if (failures > 0) this.o.log.info({ server: this.client.server }, "reconnected to the server");
        failures = 0;
        heartbeatPeriodMs = reg.heartbeatPeriodMs;
        this.o.log.info({ server: this.client.server, session: reg.sessionId, heartbeatMs: reg.heartbeatPeriodMs, nodeIndex: reg.nodeIndex, podCIDR: reg.podCidr }, "registered");
        await this.o.onRegistered?.({ nodeUid: reg.nodeUid, sessionId: reg.sessionId, nodeIndex: reg.nodeIndex, podCIDR: reg.podCidr, serviceCIDR: reg.serviceCidr });
        this.o.reporter.markAllDirty();
        await this.run(reg.sessionId, reg.heartbeatPeriodMs, signal);
      } catch (err) {
        if (signal.aborted) break;
        if (err instanceof CertificateRenewed) {
          this.client.close();
          this.client = new NodeClient(this.client.server, this.o.tls?.current());
          continue;
        }
        failures += 1;
        const failed = this.client.server;
        this.failOver(err);
        // A first try at another server goes at once; the back-off is for a server tried again.
        const delay = reconnectDelay({ failures, switchedServer: this.client.server !== failed, servers: this.known.length, heartbeatPeriodMs });
        this.o.log.warn(`${describe(err, failed)}; ${delay === 0 ? `trying ${this.client.server}` : `retrying in ${(delay / 1000).toFixed(1)}s`} (attempt ${failures})`);
        await sleep(delay, signal);
      }
    }
    this.client.close();
  }

  /** Runs the three loops until one fails (the error is re-thrown) or the agent stops. */
  private async run(sessionId: string, periodMs: number, outer: AbortSignal): Promise<void> {
    const session = new AbortController();
    const signal = AbortSignal.any([outer, session.signal]);
    const guard = (p: Promise<void>) => p.catch((err: unknown) => {
      session.abort();
      throw err;
    });
    await Promise.all([
      guard(this.heartbeats(sessionId, periodMs, signal)),
      guard(this.assignments(sessionId, signal)),
      guard(this.statuses(sessionId, signal)),
      ...(this.o.trace ? [this.traces(this.o.trace, sessionId, signal)] : []),
      ...(this.o.tls ? [guard(this.renewal(this.o.tls, signal))] : []),
    ]);
  }

  /** At two thirds of the certificate's life, get a new one; then the session starts again with it. */
  private async renewal(tls: SessionTls, signal: AbortSignal): Promise<void> {
    for (;;) {
      const wait = renewalTime(tls.current().certPem) - Date.now();
      if (wait <= 0) break;
      await sleep(Math.min(wait, MAX_RENEWAL_WAIT_MS), signal);
      if (signal.aborted) return;
    }
    const next = await this.client.renew(tls.current());
    await tls.update(next);
    this.o.log.info({ renewAt: new Date(renewalTime(next.certPem)).toISOString() }, "node certificate renewed; reconnecting with it");
    throw new CertificateRenewed("certificate renewed");
  }

  private async heartbeats(sessionId: string, periodMs: number, signal: AbortSignal): Promise<void> {
    let period = periodMs;
    while (!signal.aborted) {
      await sleep(period, signal);
      if (signal.aborted) return;
      try {
        const reply = await this.client.heartbeat(sessionId, this.o.usage?.());
        this.o.metrics?.heartbeats.inc({ result: "ok" });
        this.learned(reply.servers);
        period = reply.periodMs || period;
      } catch (err) {
        this.o.metrics?.heartbeats.inc({ result: "error" });
        throw err;
      }
    }
  }

  private async assignments(sessionId: string, signal: AbortSignal): Promise<void> {
    let set: AssignedSet | undefined;
    while (!signal.aborted) {
      const stream = new AbortController();
      try {
        for await (const msg of this.client.assignments(sessionId, AbortSignal.any([signal, stream.signal]))) {
          const applied = applyAssignments(set, msg);
          this.o.metrics?.assignmentMessages.inc({ type: String(msg.type), outcome: applied.kind === "gap" ? "gap" : "applied" });
          if (applied.kind === "gap") {
            this.o.log.info({ expected: applied.expected, got: applied.got }, "assignments out of sequence; asking for a complete set");
            stream.abort();
            break;
          }
          set = applied.set;
          if (applied.kind === "complete") this.o.log.debug({ pods: applied.set.pods.size }, "complete assignment set received");
          this.o.onAssignments(applied);
        }
      } catch (err) {
        if (signal.aborted || (stream.signal.aborted && isGrpcError(err, grpc.status.CANCELLED))) continue;
        throw err;
      }
      if (!stream.signal.aborted && !signal.aborted) throw new StreamEnded("the server closed the assignments stream");
    }
  }

  /** Sends the agent's trace steps as they come. Best effort: a failed send is dropped, never ends the session. */
  private async traces(outbox: TraceOutbox, sessionId: string, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const steps = await outbox.take(signal);
      if (steps.length === 0) continue;
      try {
        await this.client.reportTrace(sessionId, steps);
      } catch (err) {
        if (isGrpcError(err, grpc.status.UNIMPLEMENTED)) {
          this.o.log.info("the server takes no trace steps (an older version); the agent stops sending them");
          return;
        }
        this.o.log.debug({ err: (err as Error).message, steps: steps.length }, "trace steps not sent; dropped");
      }
    }
  }

  private statuses(sessionId: string, signal: AbortSignal): Promise<void> {
    return sendStatuses(
      this.o.reporter,
      async (batch, events) => {
        try {
          await this.client.updateStatus(sessionId, batch, events);
        } catch (err) {
          if (isGrpcError(err, grpc.status.RESOURCE_EXHAUSTED)) {
            // Over the server's rate limit (many simulated nodes share one address): the same
            // statuses, newer if they changed meanwhile, go again shortly; the session stays up.
            this.o.log.debug("status reports over the server's rate limit; sending them again shortly");
            await sleep(RATE_LIMITED_RETRY_MS, signal);
            return false;
          }
          if (!isGrpcError(err, grpc.status.INVALID_ARGUMENT)) throw err;
          // The server stored the reports it could and refused the rest, naming the fields (a bug
          // here): they are not sent again until the pod's status changes.
          this.o.log.error({ details: (err as { details?: string }).details }, "the server refused pod status reports");
        }
      },
      signal,
      this.o.trace ? this.o.registration().nodeName : undefined,
    );
  }
}

/** One plain line for the log: what failed, against which server. */
function describe(err: unknown, server: string): string {
  if (isGrpcError(err, grpc.status.UNAVAILABLE) || isGrpcError(err, grpc.status.DEADLINE_EXCEEDED)) {
    return `cannot reach the skiff server at ${server}`;
  }
  if (isGrpcError(err, grpc.status.UNAUTHENTICATED) || isGrpcError(err, grpc.status.PERMISSION_DENIED)) {
    return `the server at ${server} refused this node: ${(err as { details?: string }).details} (an expired certificate? join again with a new token)`;
  }
  if (isGrpcError(err, grpc.status.NOT_FOUND)) return "the server no longer knows this session (it restarted?); registering again";
  const details = (err as { details?: string }).details;
  return `session with ${server} failed: ${details || (err as Error).message}`;
}
