// The gRPC face of ObjectService: decode JSON, call, encode, map errors to status codes.
import type * as grpc from "@grpc/grpc-js";
import { ValidationError, type ApiObject } from "@skiff/api";
import type { Store } from "@skiff/store";
import type { ApiHandlers } from "@skiff/proto";
import type { Logger } from "../log.js";
import { ObjectService } from "../objects/objects.js";
import { toServiceError } from "./status.js";
import { VERSION } from "../version.js";
import type { AgentProxy } from "../nodes/agent-proxy.js";
import { tokenHandlers, type TokenHandlers } from "./token-service.js";
import { drained, resetIfStuck } from "./backpressure.js";
import { sendWatch } from "./watch-stream.js";
import { DEFAULT_LIMITS, checkApplySize, type ApiLimits } from "../objects/limits.js";
import { evictPod } from "../eviction/evict.js";
import { evictOptionsFromJson } from "../eviction/delete-options.js";
import { UsageStore } from "../nodes/usage.js";
import { usageHandler } from "../metrics/usage-service.js";
import { TraceRing } from "../trace/trace-ring.js";
import { traceHandler } from "../trace/grpc-service.js";

export function apiHandlers(
  objects: ObjectService,
  store: Store,
  agents: AgentProxy,
  log: Logger,
  shutdown: AbortSignal,
  limits: ApiLimits = DEFAULT_LIMITS,
  /** The token calls (token-service.ts); the default says the server has no tokens. */
  tokens: TokenHandlers = tokenHandlers(undefined, log),
  /** The agents' latest usage reports, for `skiff top` (an empty one when omitted). */
  usage: UsageStore = new UsageStore(),
  /** The steps of `skiff trace` (an empty ring when omitted). */
  trace: TraceRing = new TraceRing(),
): ApiHandlers {
  const unary = <Req, Res>(name: string, fn: (req: Req) => Promise<Res>): grpc.handleUnaryCall<Req, Res> =>
    (call, callback) => {
      log.trace({ method: name, peer: call.getPeer() }, "call");
      fn(call.request).then(
        (res) => callback(null, res),
        (err: unknown) => callback(toServiceError(err, log)),
      );
    };

  const endWithError = (call: grpc.ServerWritableStream<unknown, unknown>, err: unknown) => {
    call.emit("error", toServiceError(err, log));
    resetIfStuck(call, limits.streamDrainTimeoutMs);
  };

  return {
    ...tokens,
    Usage: usageHandler(usage, log),
    Trace: traceHandler(trace, log, shutdown),
    Apply: unary("Apply", async (req) => {
      checkApplySize(req.objectsJson, limits);
      const raws = req.objectsJson.map((json, i) => decode(json, req.objectsJson.length > 1 ? `document ${i + 1}` : "object"));
      const outcomes = await objects.apply(raws, { dryRun: req.dryRun, strict: req.strict });
      for (const o of outcomes) if (o.action !== "unchanged") log.info({ object: name(o.object), action: o.action, dryRun: req.dryRun }, "applied");
      return { results: outcomes.map((o) => ({ action: o.action, objectJson: JSON.stringify(o.object), warnings: o.warnings })) };
    }),
    Create: unary("Create", async (req) => {
      const out = await objects.create(decode(req.objectJson, "object"));
      return { objectJson: JSON.stringify(out.object), warnings: out.warnings };
    }),
    Update: unary("Update", async (req) => {
      const out = await objects.update(decode(req.objectJson, "object"));
      return { objectJson: JSON.stringify(out.object), warnings: out.warnings };
    }),
    UpdateStatus: unary("UpdateStatus", async (req) => {
      const out = await objects.updateStatus(decode(req.objectJson, "object"));
      return { objectJson: JSON.stringify(out.object), warnings: out.warnings };
    }),
    Get: unary("Get", async (req) => ({
      objectJson: JSON.stringify(await objects.get({ kind: req.kind, namespace: req.namespace, name: req.name })),
    })),
    List: unary("List", async (req) => {
      const res = await objects.list({ kind: req.kind, namespace: req.namespace, labelSelector: req.labelSelector });
      return { itemsJson: res.items.map((o) => JSON.stringify(o)), resourceVersion: String(res.revision) };
    }),
    Delete: unary("Delete", async (req) => {
      const ref = { kind: req.kind, namespace: req.namespace, name: req.name };
      // proto3 optional: absent (the pod's own grace period) is not 0 (at once).
      const gracePeriodSeconds = req.gracePeriodSeconds ?? undefined;
      const deleted = await objects.delete(ref, req.resourceVersion || undefined, { propagationPolicy: req.propagationPolicy, ...(gracePeriodSeconds !== undefined ? { gracePeriodSeconds } : {}) });
      log.info({ object: name(deleted), propagationPolicy: req.propagationPolicy || undefined, gracePeriodSeconds, marked: Boolean(deleted.metadata.deletionTimestamp) }, "deleted");
      return { objectJson: JSON.stringify(deleted) };
    }),
    Evict: unary("Evict", async (req) => {
      const evicted = await evictPod(objects, req.namespace || "default", req.name, evictOptionsFromJson(req.deleteOptionsJson), () => new Date());
      log.info({ object: name(evicted), marked: Boolean(evicted.metadata.deletionTimestamp) }, "evicted");
      return { objectJson: JSON.stringify(evicted) };
    }),
    Health: unary("Health", async () => ({ status: "ok", version: VERSION, revision: String(store.revision()) })),
    Exec: unary("Exec", (req) => agents.exec(req)),
    Logs: (call) => {
      const done = new AbortController();
      call.on("cancelled", () => done.abort());
      const signal = AbortSignal.any([done.signal, shutdown]);
      void (async () => {
        try {
          for await (const chunk of await agents.logs(call.request, signal)) {
            if (!call.write(chunk)) await drained(call, limits.streamDrainTimeoutMs, signal, "logs");
          }
          call.end();
        } catch (err) {
          if (!signal.aborted) endWithError(call, err);
          else call.end();
        }
      })();
    },
    Watch: (call) => {
      const done = new AbortController();
      call.on("cancelled", () => done.abort());
      const signal = AbortSignal.any([done.signal, shutdown]);
      const req = call.request;
      void (async () => {
        try {
          const fromRevision = parseRevision(req.resourceVersion);
          // At the client's pace, in batches when it reads them (watch-stream.ts).
          await sendWatch(call, (until) => objects.watch({ ...req, fromRevision, signal: until }), limits.streamDrainTimeoutMs, signal);
          call.end();
        } catch (err) {
          if (!signal.aborted) endWithError(call, err);
          else call.end();
        }
      })();
    },
  };
}

function decode(json: string, what: string): unknown {
  try {
    return JSON.parse(json);
  } catch (err) {
    throw new ValidationError([{ path: "", source: what, message: `not valid JSON: ${(err as Error).message}` }]);
  }
}

function parseRevision(rv: string): number | undefined {
  if (rv === "" || rv === "0") return undefined;
  const n = Number(rv);
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new ValidationError([{ path: "resourceVersion", message: `"${rv}" is not a revision (a whole number)` }]);
  }
  return n;
}

const name = (o: ApiObject) => `${o.kind}/${o.metadata.namespace ? `${o.metadata.namespace}/` : ""}${o.metadata.name}`;
