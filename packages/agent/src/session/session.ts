// The agent's session with the server: register, then three loops side by side (heartbeats,
// the Assignments stream, status reports) until one fails; then back off and register again.
// Pods keep running the whole time: the session only carries news, it owns no containers.
import * as grpc from "@grpc/grpc-js";
import type { NodeUsage, RegisterRequest } from "@skiff/proto";
import type { AgentMetrics } from "../metrics/agent-metrics.js";
import type { Logger } from "pino";
import { applyAssignments, type Applied, type AssignedSet } from "./assignments.js";
import { backoffDelay, sleep } from "@skiff/api";
import { reconnectPolicy } from "./backoff.js";
import { NodeClient, isGrpcError } from "./node-client.js";
import { renewalTime, type NodeCredentials } from "./certificates.js";
import type { StatusReporter } from "./status-reporter.js";

export interface SessionOptions {
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
}

/** The node's credentials as the session uses them: read now, replaced when renewed. */
export interface SessionTls {
  current(): NodeCredentials;
  /** Keep renewed credentials (in the state dir) and make them current. */
  update(next: NodeCredentials): Promise<void>;
}

/** The session ended because the certificate was renewed: connect again with the new one. */
class CertificateRenewed extends Error {}

// Longest single wait for the renewal time (setTimeout's limit is about 24 days).
const MAX_RENEWAL_WAIT_MS = 24 * 3600_000;

/** What a registration tells the agent about itself (docs/networking.md). */
export interface Registered {
  nodeUid: string;
  sessionId: string;
  /** 1..127, the same on every registration of this node; 0 for a simulated node (no network). */
  nodeIndex: number;
  /** `10.244.(2 * nodeIndex).0/23`: pod IPs in the first /24, node-local Service addresses in the second; empty for a simulated node. */
  podCIDR: string;
}

// A short pause between status flushes, so a burst of changes goes in one call.
const STATUS_BATCH_MS = 50;

export class Session {
  private client: NodeClient;

  constructor(private readonly o: SessionOptions) {
    this.client = new NodeClient(o.server, o.tls?.current());
  }

  async start(signal: AbortSignal): Promise<void> {
    let failures = 0;
    let heartbeatPeriodMs: number | undefined;
    while (!signal.aborted) {
      try {
        const reg = await this.client.register(this.o.registration());
        if (failures > 0) this.o.log.info({ server: this.o.server }, "reconnected to the server");
        failures = 0;
        heartbeatPeriodMs = reg.heartbeatPeriodMs;
        this.o.log.info({ session: reg.sessionId, heartbeatMs: reg.heartbeatPeriodMs, nodeIndex: reg.nodeIndex, podCIDR: reg.podCidr }, "registered");
        await this.o.onRegistered?.({ nodeUid: reg.nodeUid, sessionId: reg.sessionId, nodeIndex: reg.nodeIndex, podCIDR: reg.podCidr });
        this.o.reporter.markAllDirty();
        await this.run(reg.sessionId, reg.heartbeatPeriodMs, signal);
      } catch (err) {
        if (signal.aborted) break;
        if (err instanceof CertificateRenewed) {
          this.client.close();
          this.client = new NodeClient(this.o.server, this.o.tls?.current());
          continue;
        }
        failures += 1;
        const delay = backoffDelay(failures, reconnectPolicy(heartbeatPeriodMs));
        this.o.log.warn(`${describe(err, this.o.server)}; retrying in ${(delay / 1000).toFixed(1)}s (attempt ${failures})`);
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
        period = (await this.client.heartbeat(sessionId, this.o.usage?.())) || period;
        this.o.metrics?.heartbeats.inc({ result: "ok" });
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
      if (!stream.signal.aborted && !signal.aborted) throw new Error("the server closed the assignments stream");
    }
  }

  private async statuses(sessionId: string, signal: AbortSignal): Promise<void> {
    const reporter = this.o.reporter;
    while (!signal.aborted) {
      await reporter.waitForChanges(signal);
      await sleep(STATUS_BATCH_MS, signal);
      const batch = reporter.pending();
      const events = reporter.pendingEvents();
      if ((batch.length === 0 && events.length === 0) || signal.aborted) continue;
      try {
        await this.client.updateStatus(sessionId, batch, events);
      } catch (err) {
        if (!isGrpcError(err, grpc.status.INVALID_ARGUMENT)) throw err;
        // The server stored the reports it could and refused the rest, naming the fields (a bug
        // here): they are not sent again until the pod's status changes.
        this.o.log.error({ details: (err as { details?: string }).details }, "the server refused pod status reports");
      }
      reporter.sent(batch);
      reporter.eventsSent(events);
    }
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
