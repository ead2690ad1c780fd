// The agent's `/metrics`: plaintext, no token, so it binds loopback addresses only
// (--metrics-listen 127.0.0.1:PORT); a Prometheus on the node, or an SSH tunnel, scrapes it.
import { createServer } from "node:http";
import { isIP } from "node:net";

export interface MetricsEndpoint {
  address: string;
  close(): Promise<void>;
}

/** The --metrics-listen value refused, with why. */
export class MetricsListenError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "MetricsListenError";
  }
}

export function loopbackListen(listen: string): { host: string; port: number } {
  const i = listen.lastIndexOf(":");
  const host = i > 0 ? listen.slice(0, i).replace(/^\[(.*)\]$/, "$1") : "";
  const port = Number(listen.slice(i + 1));
  if (!host || !Number.isInteger(port) || port < 0 || port > 65535) throw new MetricsListenError(`--metrics-listen ${listen}: not HOST:PORT`);
  const loopback = host === "localhost" || host === "::1" || (isIP(host) === 4 && host.startsWith("127."));
  if (!loopback) throw new MetricsListenError(`--metrics-listen ${listen}: the agent's metrics endpoint has no authentication, so it binds loopback addresses only (127.0.0.1:PORT, [::1]:PORT or localhost:PORT)`);
  return { host, port };
}

export async function serveMetrics(listen: string, render: () => Promise<{ contentType: string; body: string }>): Promise<MetricsEndpoint> {
  const { host, port } = loopbackListen(listen);
  const server = createServer((req, res) => {
    if (new URL(req.url ?? "/", "http://agent").pathname !== "/metrics") {
      res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("only GET /metrics is served here\n");
      return;
    }
    render().then(
      ({ contentType, body }) => res.writeHead(200, { "Content-Type": contentType }).end(body),
      (err: Error) => res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" }).end(`collecting metrics failed: ${err.message}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (err) => reject(new MetricsListenError(`cannot listen on ${listen} for metrics: ${err.message}`, { cause: err })));
    server.listen(port, host, () => resolve());
  });
  const a = server.address();
  const bound = typeof a === "object" && a ? a.port : port;
  return { address: `${host.includes(":") ? `[${host}]` : host}:${bound}`, close: () => new Promise((r) => server.close(() => r())) };
}
