// The gRPC face of the node protocol: decode, call the dispatcher, encode, map errors.
import type * as grpc from "@grpc/grpc-js";
import { ValidationError, type PodStatus } from "@skiff/api";
import type { Store } from "@skiff/store";
import type { AssignmentsMessage, NodeServiceHandlers } from "@skiff/proto";
import type { Logger } from "../log.js";
import { toServiceError } from "../api/status.js";
import { streamAssignments } from "./assignments-stream.js";
import { podCIDRFor } from "./node-index.js";
import type { Dispatcher } from "./dispatcher.js";

export function nodeHandlers(dispatcher: Dispatcher, store: Store, log: Logger, shutdown: AbortSignal): NodeServiceHandlers {
  const unary = <Req, Res>(fn: (req: Req) => Promise<Res>): grpc.handleUnaryCall<Req, Res> =>
    (call, callback) => {
      fn(call.request).then(
        (res) => callback(null, res),
        (err: unknown) => callback(toServiceError(err, log)),
      );
    };

  return {
    Register: unary(async (req) => {
      const { node, session, index } = await dispatcher.register({
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
      });
      return {
        nodeUid: node.metadata.uid ?? "",
        sessionId: session.id,
        heartbeatPeriodMs: dispatcher.config.heartbeatPeriodMs,
        nodeIndex: index,
        podCidr: podCIDRFor(index),
      };
    }),
    Heartbeat: unary(async (req) => ({ periodMs: await dispatcher.heartbeat(req.sessionId) })),
    UpdateStatus: unary(async (req) => {
      const reports = req.updates.map((u) => ({ namespace: u.namespace, name: u.name, uid: u.uid, status: parseStatus(u.statusJson) }));
      await dispatcher.updateStatus(req.sessionId, reports);
      dispatcher.recordEvents(req.sessionId, req.events.map((e) => ({ ...e, type: e.type === "Warning" ? "Warning" : "Normal" })));
      return {};
    }),
    Assignments: (call) => {
      const cancelled = new AbortController();
      call.on("cancelled", () => cancelled.abort());
      void (async () => {
        try {
          const session = dispatcher.sessions.get(call.request.sessionId);
          const signal = AbortSignal.any([cancelled.signal, session.ended.signal, shutdown]);
          const send = (message: AssignmentsMessage) =>
            new Promise<void>((resolve) => (call.write(message) ? resolve() : call.once("drain", () => resolve())));
          await streamAssignments({ store, nodeName: session.nodeName, log, signal, send });
          call.end();
        } catch (err) {
          if (cancelled.signal.aborted) return;
          call.emit("error", toServiceError(err, log));
        }
      })();
    },
  };
}

function parseStatus(json: string): PodStatus {
  try {
    return JSON.parse(json) as PodStatus;
  } catch (err) {
    throw new ValidationError([{ path: "statusJson", message: `not valid JSON: ${(err as Error).message}` }]);
  }
}
