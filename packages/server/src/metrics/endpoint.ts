// `/metrics` in Prometheus' text format: on its own plaintext listener (--metrics-listen), which
// binds loopback addresses only since it asks for no token, and for the Kubernetes HTTPS port,
// where kube/handler.ts has already checked the bearer token.
import { createServer, type ServerResponse } from "node:http";
import { isIP } from "node:net";
import { SkiffError } from "@skiff/api";
import { splitListen } from "../security/listener.js";

export interface MetricsListener {
  /** HOST:PORT bound. */
  address: string;
  close(): Promise<void>;
}

export type Render = () => Promise<{ contentType: string; body: string }>;

/** A plaintext endpoint must not be reachable from other machines: loopback hosts only. */
export function checkLoopback(listen: string): { host: string; port: number } {
  let host: string, port: number;
  try {
    ({ host, port } = splitListen(listen));
  } catch (err) {
    throw new MetricsListenError(`--metrics-listen ${listen}: ${(err as Error).message}`, { cause: err });
  }
  const loopback = host === "localhost" || (isIP(host) === 4 && host.startsWith("127.")) || host === "::1";
  if (!loopback) throw new MetricsListenError(`--metrics-listen ${listen}: the metrics endpoint has no authentication, so it binds loopback addresses only (127.0.0.1:PORT, [::1]:PORT or localhost:PORT); remote scrapers use the HTTPS port with a token`);
  return { host, port };
}

export async function listenMetrics(listen: string, render: Render): Promise<MetricsListener> {
  const { host, port } = checkLoopback(listen);
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://metrics").pathname;
    if (path !== "/metrics" || (req.method !== "GET" && req.method !== "HEAD")) {
      res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("only GET /metrics is served here\n");
      return;
    }
    void sendMetrics(res, render);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (err) => reject(new MetricsListenError(`cannot listen on ${listen} for metrics: ${err.message}`, { cause: err })));
    server.listen(port, host, () => resolve());
  });
  const bound = server.address();
  const boundPort = typeof bound === "object" && bound ? bound.port : port;
  return {
    address: `${host.includes(":") ? `[${host}]` : host}:${boundPort}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Answer with the exposition text (500 with a one-line reason if collecting failed). */
export async function sendMetrics(res: ServerResponse, render: Render): Promise<void> {
  try {
    const { contentType, body } = await render();
    res.writeHead(200, { "Content-Type": contentType }).end(body);
  } catch (err) {
    res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" }).end(`collecting metrics failed: ${(err as Error).message}\n`);
  }
}

/** The metrics endpoint cannot be served as asked (a non-loopback address, a port in use). */
export class MetricsListenError extends SkiffError {
  readonly code = "FAILED_PRECONDITION";
}
