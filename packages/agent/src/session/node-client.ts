// Promise-shaped calls of the node protocol over one gRPC channel (which reconnects by itself):
// mutual TLS with the node's certificate, or plaintext against a server run with --insecure.
import * as grpc from "@grpc/grpc-js";
import {
  loadNodeProto,
  type AssignmentsMessage__Output,
  type NodeServiceClient,
  type NodeUsage,
  type PodEvent,
  type PodStatusUpdate,
  type RegisterRequest,
  type RegisterResponse__Output,
} from "@skiff/proto";
import { traceStepToWire, type TraceStep } from "@skiff/api/core";
import { nodeChannelCredentials, renewCredentials, TLS_CHANNEL_OPTIONS, type NodeCredentials } from "./certificates.js";

const CALL_TIMEOUT_MS = 5_000;

export class NodeClient {
  private readonly client: NodeServiceClient;

  /** `credentials` undefined: plaintext (--insecure). */
  constructor(
    readonly server: string,
    credentials?: NodeCredentials,
  ) {
    const NodeService = loadNodeProto().skiff.v1.NodeService;
    this.client = credentials
      ? new NodeService(server, nodeChannelCredentials(credentials.caPem, credentials), TLS_CHANNEL_OPTIONS)
      : new NodeService(server, grpc.credentials.createInsecure());
  }

  /** A new key and certificate for this node, authenticated by the current one. */
  renew(current: NodeCredentials): Promise<NodeCredentials> {
    return renewCredentials(this.client, current);
  }

  register(req: RegisterRequest): Promise<RegisterResponse__Output> {
    return new Promise((resolve, reject) =>
      this.client.register(req, { deadline: deadline() }, (err, res) => (err || !res ? reject(err) : resolve(res))),
    );
  }

  /** The next period, and the running servers (empty from a server that does not say). */
  heartbeat(sessionId: string, usage?: NodeUsage): Promise<{ periodMs: number; servers: string[] }> {
    return new Promise((resolve, reject) =>
      this.client.heartbeat({ sessionId, ...(usage ? { usage } : {}) }, { deadline: deadline() }, (err, res) => (err || !res ? reject(err) : resolve({ periodMs: res.periodMs, servers: res.servers }))),
    );
  }

  updateStatus(sessionId: string, updates: PodStatusUpdate[], events: PodEvent[] = []): Promise<void> {
    return new Promise((resolve, reject) =>
      this.client.updateStatus({ sessionId, updates, events }, { deadline: deadline() }, (err) => (err ? reject(err) : resolve())),
    );
  }

  reportTrace(sessionId: string, steps: TraceStep[]): Promise<void> {
    return new Promise((resolve, reject) =>
      this.client.reportTrace({ sessionId, steps: steps.map(traceStepToWire) }, { deadline: deadline() }, (err) => (err ? reject(err) : resolve())),
    );
  }

  serviceAccountToken(sessionId: string, namespace: string, pod: string, uid: string): Promise<{ token: string; expiresAtMs: number }> {
    return new Promise((resolve, reject) =>
      this.client.serviceAccountToken({ sessionId, namespace, pod, uid }, { deadline: deadline() }, (err, res) =>
        err || !res ? reject(err) : resolve({ token: res.token, expiresAtMs: Number(res.expirationUnixMs) }),
      ),
    );
  }

  /** The Assignments stream; cancelled when `signal` aborts. */
  assignments(sessionId: string, signal: AbortSignal): AsyncIterable<AssignmentsMessage__Output> {
    const call = this.client.assignments({ sessionId });
    signal.addEventListener("abort", () => call.cancel(), { once: true });
    return call as AsyncIterable<AssignmentsMessage__Output>;
  }

  close(): void {
    this.client.close();
  }
}

function deadline(): Date {
  return new Date(Date.now() + CALL_TIMEOUT_MS);
}

export function isGrpcError(err: unknown, code: grpc.status): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === code;
}
