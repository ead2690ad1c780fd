// The node's Service proxy (kube-proxy's userspace mode): a TCP listener per ProxyRule, each
// handing accepted connections to its backends round-robin (forward.ts). update() is level-
// triggered: give it the whole table (proxyTable()) and it opens and closes listeners to match.
// A changed backend list applies to the next connection; the listener stays open.
//
// A Service address is put on the bridge by the AddressManager, and listening on an address that
// is not there yet fails with EADDRNOTAVAIL: such a listener is retried shortly, so the order
// "add addresses, then update the proxy" is preferred but not required.
import { createServer, type Server, type Socket } from "node:net";
import { backoffDelay } from "@skiff/api/core";
import { pino, type Logger } from "pino";
import { forward } from "./forward.js";
import { ruleKey, type ProxyRule } from "./table.js";

export interface ProxyOptions {
  log?: Logger;
  /** Default 3000 ms. */
  connectTimeoutMs?: number;
  /** First retry of a failed listen, doubled up to 5 s. Default 200 ms. */
  retryMs?: number;
  /** Told of each accepted connection (returns what to call when it closes) and each one no backend took. */
  metrics?: { accepted(service: string): () => void; exhausted(service: string): void };
}

interface Listener {
  rule: ProxyRule;
  server?: Server;
  /** Round-robin position: the backend the next connection tries first. */
  next: number;
  failures: number;
  retry?: NodeJS.Timeout;
  removed: boolean;
}

const MAX_RETRY_MS = 5_000;

export class Proxy {
  private readonly listeners = new Map<string, Listener>();
  /** Every open socket, clients and backends, so that stop() leaves nothing behind. */
  private readonly sockets = new Set<Socket>();
  private readonly log: Logger;
  private readonly connectTimeoutMs: number;
  private readonly retryMs: number;
  private readonly metrics: ProxyOptions["metrics"];
  private stopped = false;

  constructor(o: ProxyOptions = {}) {
    this.log = o.log ?? pino({ level: "silent" });
    this.connectTimeoutMs = o.connectTimeoutMs ?? 3_000;
    this.retryMs = o.retryMs ?? 200;
    this.metrics = o.metrics;
  }

  /**
   * Converge on `rules`. Resolves when every new listener has tried to listen once (failures are
   * retried in the background and logged); rules already held just take their new backends.
   */
  async update(rules: readonly ProxyRule[]): Promise<void> {
    if (this.stopped) return;
    const wanted = new Map(rules.map((r) => [ruleKey(r), r]));
    for (const [key, l] of this.listeners) {
      if (!wanted.has(key)) this.close(key, l);
    }
    const opening: Promise<void>[] = [];
    for (const [key, rule] of wanted) {
      const l = this.listeners.get(key);
      if (l) {
        l.rule = rule;
        continue;
      }
      const created: Listener = { rule, next: 0, failures: 0, removed: false };
      this.listeners.set(key, created);
      opening.push(this.listen(created));
    }
    await Promise.all(opening);
  }

  /** Keys (`address:port/TCP`) of the listeners bound now. */
  listening(): string[] {
    return [...this.listeners].filter(([, l]) => l.server?.listening).map(([key]) => key);
  }

  /** Open sockets (clients and backends): 0 when idle. */
  get openSockets(): number {
    return this.sockets.size;
  }

  /** Closes every listener and connection. */
  async stop(): Promise<void> {
    this.stopped = true;
    const closing = [...this.listeners].map(([key, l]) => this.close(key, l));
    for (const s of this.sockets) {
      closing.push(new Promise((resolve) => s.once("close", resolve)));
      s.destroy();
    }
    await Promise.all(closing);
  }

  /** Component form: runs until the signal aborts, then stops. */
  async start(signal: AbortSignal): Promise<void> {
    if (!signal.aborted) await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
    await this.stop();
  }

  private listen(l: Listener): Promise<void> {
    const { address, port } = l.rule;
    const server = createServer({ allowHalfOpen: true, pauseOnConnect: true }, (socket) => this.accept(l, socket));
    return new Promise((resolve) => {
      const failed = (err: NodeJS.ErrnoException) => {
        server.close();
        l.failures++;
        // Not there yet is expected right after a Service appears: retry soon, and quietly.
        const delay = err.code === "EADDRNOTAVAIL" ? this.retryMs : backoffDelay(l.failures + 1, { initialMs: this.retryMs, maxMs: MAX_RETRY_MS });
        const level = err.code === "EADDRNOTAVAIL" && l.failures < 10 ? "debug" : "warn";
        this.log[level]({ listener: ruleKey(l.rule), service: l.rule.service, code: err.code, retryMs: delay }, "cannot listen yet");
        if (!l.removed && !this.stopped) l.retry = setTimeout(() => void this.listen(l), delay);
        resolve();
      };
      server.once("error", failed);
      server.listen({ host: address, port, exclusive: true }, () => {
        server.off("error", failed);
        server.on("error", (err) => this.log.warn({ listener: ruleKey(l.rule), err }, "listener error"));
        if (l.removed || this.stopped) server.close();
        else {
          l.server = server;
          l.failures = 0;
          this.log.info({ listener: ruleKey(l.rule), service: l.rule.service, backends: l.rule.backends.length }, "listening");
        }
        resolve();
      });
    });
  }

  private accept(l: Listener, client: Socket): void {
    const backends = l.rule.backends;
    const first = backends.length ? l.next++ % backends.length : 0;
    const closed = this.metrics?.accepted(l.rule.service);
    if (closed) client.once("close", closed);
    forward(client, backends, first, {
      connectTimeoutMs: this.connectTimeoutMs,
      track: (s) => {
        this.sockets.add(s);
        s.once("close", () => this.sockets.delete(s));
        if (this.stopped) s.destroy();
      },
      onExhausted: (tried) => {
        this.metrics?.exhausted(l.rule.service);
        this.log.debug({ service: l.rule.service, tried }, "no backend accepted the connection");
      },
    });
  }

  private close(key: string, l: Listener): Promise<void> {
    l.removed = true;
    clearTimeout(l.retry);
    this.listeners.delete(key);
    const server = l.server;
    if (!server) return Promise.resolve();
    // Connections already forwarded run to their end; only new ones are refused.
    return new Promise((resolve) => {
      server.close(() => resolve());
      if (!server.listening) resolve();
    });
  }
}
