// `kubectl logs` (pods/log): a container's output as `text/plain`, streamed from the agent of the
// pod's node. With `follow=true` the response stays open, written chunk by chunk as the container
// writes, until it ends or the client hangs up (which cancels the agent's stream).
//
// Parameters (Kubernetes' PodLogOptions): container, follow, previous, tailLines, limitBytes are
// honoured. Limits, accepted and checked but ignored, because the agent's Logs RPC does not carry
// them: `timestamps` (the lines come without the RFC 3339 prefix), `sinceSeconds` and `sinceTime`
// (all of the log, or its tail, is sent).
import { once } from "node:events";
import type { ServerResponse } from "node:http";
import { ValidationError, type FieldIssue } from "@skiff/api";
import { BadRequestError } from "./errors.js";
import { flag } from "./http.js";

export interface LogsRequest {
  namespace: string;
  pod: string;
  container: string;
  follow: boolean;
  /** Lines from the end to start with; -1 for all of them. */
  tailLines: number;
  /** The container's previous attempt (after a restart). */
  previous: boolean;
}

export interface LogsBackend {
  /** The log as chunks of bytes; when `signal` aborts, the iteration must end (or throw) soon. */
  logs(req: LogsRequest, signal: AbortSignal): Promise<AsyncIterable<{ data: Uint8Array }>>;
}

export interface LogOptions {
  follow: boolean;
  previous: boolean;
  tailLines: number;
  /** Bytes to send at most (the last line may come cut); undefined for no limit. */
  limitBytes: number | undefined;
}

/**
 * How long a follow waits for the first chunk before sending the headers without it (kubectl
 * waits for them). Not at once: an error in that time (the agent has no such container yet)
 * can still be answered as a Status with its code, not as an empty log.
 */
const FOLLOW_HEADERS_AFTER_MS = 250;

/** The PodLogOptions of the query, checked as Kubernetes checks them (ValidatePodLogOptions). */
export function logOptions(query: URLSearchParams): LogOptions {
  const tailLines = integer(query, "tailLines");
  const limitBytes = integer(query, "limitBytes");
  const sinceSeconds = integer(query, "sinceSeconds");
  const sinceTime = query.get("sinceTime");
  if (sinceTime && Number.isNaN(Date.parse(sinceTime))) throw new BadRequestError(`sinceTime: "${sinceTime}" is not an RFC 3339 time`);
  flag(query, "timestamps"); // checked, not honoured (see the top of this file)
  const issues: FieldIssue[] = [];
  if (tailLines !== undefined && tailLines < 0) issues.push({ path: "tailLines", message: "must be greater than or equal to 0" });
  if (limitBytes !== undefined && limitBytes < 1) issues.push({ path: "limitBytes", message: "must be greater than 0" });
  if (sinceSeconds !== undefined && sinceSeconds < 1) issues.push({ path: "sinceSeconds", message: "must be greater than 0" });
  if (sinceSeconds !== undefined && sinceTime) issues.push({ path: "sinceSeconds", message: "at most one of `sinceTime` or `sinceSeconds` may be specified" });
  if (issues.length > 0) throw new ValidationError(issues);
  return { follow: flag(query, "follow"), previous: flag(query, "previous"), tailLines: tailLines ?? -1, limitBytes };
}

/** Serves one pods/log request; errors before the first byte become a Status with its HTTP code. */
export async function serveLogs(
  res: ServerResponse,
  target: { namespace: string; pod: string; container: string },
  query: URLSearchParams,
  backend: LogsBackend,
  signal: AbortSignal,
  statusOf: (err: unknown) => { code: number; body: object },
): Promise<void> {
  const stop = new AbortController();
  const onStop = () => stop.abort();
  signal.addEventListener("abort", onStop, { once: true });
  res.once("close", onStop); // the client hung up (or the response is done)
  let headersTimer: NodeJS.Timeout | undefined;
  try {
    const opts = logOptions(query);
    const chunks = await backend.logs({ ...target, follow: opts.follow, tailLines: opts.tailLines, previous: opts.previous }, stop.signal);
    if (opts.follow) headersTimer = setTimeout(() => startBody(res), FOLLOW_HEADERS_AFTER_MS);
    let left = opts.limitBytes ?? Infinity;
    for await (const { data } of chunks) {
      if (stop.signal.aborted) break;
      const chunk = data.length > left ? data.subarray(0, left) : data;
      left -= chunk.length;
      startBody(res);
      if (chunk.length > 0 && !res.write(chunk)) await once(res, "drain", { signal: stop.signal });
      if (left <= 0) break; // limitBytes reached: `finally` stops the agent's stream
    }
    if (stop.signal.aborted) {
      res.destroy();
      return;
    }
    startBody(res);
    res.end();
  } catch (err) {
    if (stop.signal.aborted || res.headersSent) {
      // Cut short once the log has begun: destroying the connection (no last chunk) lets the
      // client see a truncated log rather than a clean end.
      res.destroy();
      return;
    }
    const { code, body } = statusOf(err);
    res.writeHead(code, { "Content-Type": "application/json" }).end(JSON.stringify(body));
  } finally {
    clearTimeout(headersTimer);
    signal.removeEventListener("abort", onStop);
    res.off("close", onStop);
    stop.abort();
  }
}

/** Sends the 200 and its headers, once: Node then writes the body chunked. */
function startBody(res: ServerResponse): void {
  if (res.headersSent) return;
  res.writeHead(200, { "Content-Type": "text/plain" });
  res.flushHeaders();
}

function integer(query: URLSearchParams, name: string): number | undefined {
  const v = query.get(name);
  if (v === null || v === "") return undefined;
  if (!/^-?\d+$/.test(v)) throw new BadRequestError(`${name}: "${v}" is not an integer`);
  return Number(v);
}

