// The gRPC face of the node protocol: decode, call the dispatcher, encode, map errors. Every call
// but Join acts for the node its certificate names (security/auth.ts): a session of another node
// is refused (PERMISSION_DENIED), so a node reads only its own assignments and reports only on
// the pods bound to it.
import type * as grpc from "@grpc/grpc-js";
import { PermissionDeniedError, SkiffError, ValidationError, traceStepFromWire } from "@skiff/api";
import type { Store } from "@skiff/store";
import type { AssignmentsMessage, NodeServiceHandlers } from "@skiff/proto";
import type { Logger } from "../log.js";
import { toServiceError } from "../api/status.js";
import { streamAssignments } from "./assignments-stream.js";
import { podCIDRFor } from "./cluster-network.js";
import type { Dispatcher } from "./dispatcher.js";
import type { ServiceAccountTokenIssuer } from "../serviceaccounts/issuer.js";
import { checkSameNode, INSECURE_NODE_AUTH, type Enrollment, type NodeAuth } from "../security/index.js";

export interface NodeSecurity {
  auth: NodeAuth;
  /** Absent when the server runs --insecure: no certificates to give. */
  enrollment?: Enrollment;
  /** Pods' ServiceAccount tokens (serviceaccounts/issuer.ts); absent with --insecure (no key to sign with). */
  serviceAccountTokens?: ServiceAccountTokenIssuer;
}

type Caller = Pick<grpc.ServerUnaryCall<unknown, unknown>, "getPeer" | "getAuthContext" | "metadata">;

/** `servers`: every running server's address, for agents to fail over to (cluster/server-directory.ts). */
export function nodeHandlers(dispatcher: Dispatcher, store: Store, log: Logger, shutdown: AbortSignal, security: NodeSecurity = { auth: INSECURE_NODE_AUTH }, servers: () => string[] = () => []): NodeServiceHandlers {
  const { auth } = security;
  const refused = (call: Caller, err: unknown) => {
    if (err instanceof PermissionDeniedError) auth.refusals?.refused(call.getPeer(), "certificate of another node", { why: err.message });
    return toServiceError(err, log);
  };
  const unary = <Req, Res>(fn: (req: Req, call: Caller) => Promise<Res>): grpc.handleUnaryCall<Req, Res> =>
    (call, callback) => {
      Promise.resolve()
        .then(() => fn(call.request, call))
        .then(
          (res) => callback(null, res),
          (err: unknown) => callback(refused(call, err)),
        );
    };
  /** The session named, after checking the caller's certificate is of the session's node. */
  const ownSession = (call: Caller, sessionId: string, what: string) => {
    const session = dispatcher.sessions.get(sessionId);
    const node = auth.node(call);
    if (node !== undefined) checkSameNode(node, session.nodeName, what);
    return session;
  };
  const enrollment = (): Enrollment => {
    if (!security.enrollment) throw new FailedPreconditionError("the server runs --insecure: it gives no certificates; run the agent with --insecure");
    return security.enrollment;
  };

  return {
    Join: unary(async (req, call) => {
      const out = await enrollment().join({ token: req.token, nodeName: req.nodeName, publicKeyPem: req.publicKeyPem }, call.getPeer());
      log.info({ node: req.nodeName, peer: call.getPeer() }, "node joined: certificate issued");
      return out;
    }),
    RenewCertificate: unary(async (req, call) => {
      const node = auth.node(call);
      if (node === undefined) throw new FailedPreconditionError("the server runs --insecure: it gives no certificates");
      const certPem = enrollment().renew(node, req.publicKeyPem);
      log.info({ node }, "node certificate renewed");
      return { certPem };
    }),
    Register: unary(async (req, call) => {
      const caller = auth.node(call);
      if (caller !== undefined) checkSameNode(caller, req.nodeName, "register as the node");
      const { node, session, index, periodMs } = await dispatcher.register({
        nodeName: req.nodeName,
        labels: req.labels,
        cpuMilli: Number(req.capacity?.cpuMilli ?? 0),
        memoryBytes: Number(req.capacity?.memoryBytes ?? 0),
        pods: req.capacity?.pods ?? 0,
        addresses: req.addresses.map((a) => ({ type: a.type as "InternalIP", address: a.address })),
        agentVersion: req.agentVersion,
        runtimeVersion: req.runtimeVersion,
        os: req.os,
        arch: req.arch,
        agentEndpoint: req.agentEndpoint,
        agentSecret: req.agentSecret,
        simulated: req.simulated,
      });
      return {
        nodeUid: node.metadata.uid ?? "",
        sessionId: session.id,
        heartbeatPeriodMs: periodMs,
        nodeIndex: index,
        podCidr: index === 0 ? "" : podCIDRFor(dispatcher.network, index),
        serviceCidr: dispatcher.network.serviceCIDR,
        servers: servers(),
      };
    }),
    Heartbeat: unary(async (req, call) => {
      ownSession(call, req.sessionId, "send heartbeats for the session");
      return { periodMs: await dispatcher.heartbeat(req.sessionId, req.usage), servers: servers() };
    }),
    UpdateStatus: unary(async (req, call) => {
      ownSession(call, req.sessionId, "report pod status for the session");
      const refused = await dispatcher.updateStatus(req.sessionId, req.updates);
      dispatcher.recordEvents(req.sessionId, req.events.map((e) => ({ ...e, type: e.type === "Warning" ? "Warning" : "Normal" })));
      // The good reports are stored; the agent learns which were not, and why (INVALID_ARGUMENT).
      if (refused.length > 0) throw new ValidationError(refused);
      return {};
    }),
    ReportTrace: unary(async (req, call) => {
      ownSession(call, req.sessionId, "report trace steps for the session");
      dispatcher.recordTrace(req.sessionId, req.steps.map(traceStepFromWire));
      return {};
    }),
    ServiceAccountToken: unary(async (req, call) => {
      const session = ownSession(call, req.sessionId, "get service account tokens for the session");
      if (!security.serviceAccountTokens) throw new FailedPreconditionError("the server runs --insecure: it issues no service account tokens");
      const out = await security.serviceAccountTokens.forPod(session.nodeName, req.namespace, req.pod, req.uid);
      return { token: out.token, expirationUnixMs: String(out.expiresAtMs) };
    }),
    Assignments: (call) => {
      const cancelled = new AbortController();
      call.on("cancelled", () => cancelled.abort());
      void (async () => {
        try {
          const session = ownSession(call, call.request.sessionId, "read the assignments");
          const signal = AbortSignal.any([cancelled.signal, session.ended.signal, shutdown]);
          const send = (message: AssignmentsMessage) =>
            new Promise<void>((resolve) => (call.write(message) ? resolve() : call.once("drain", () => resolve())));
          await streamAssignments({ store, nodeName: session.nodeName, log, signal, send, metrics: dispatcher.metrics });
          call.end();
        } catch (err) {
          if (cancelled.signal.aborted) return;
          call.emit("error", refused(call, err));
        }
      })();
    },
  };
}

/** A call the server cannot answer in its mode (certificates asked of a server running --insecure). */
class FailedPreconditionError extends SkiffError {
  readonly code = "FAILED_PRECONDITION";
}
