// `kubectl exec` over WebSocket (pods/exec), as the API server relays it to the kubelet. The client
// upgrades `GET …/pods/NAME/exec?command=…&stdout=true&stderr=true` offering channel protocols;
// every binary frame then starts with a channel byte: 0 stdin, 1 stdout, 2 stderr, 3 the final
// Status, 4 terminal resizes, 255 "this stream is closed" (v5 only: `[255, 0]` ends stdin).
//
// skiff's agent runs a command unary (command in; exit code, stdout, stderr out), so this edge runs
// it, writes stdout on 1 and stderr on 2 whole, then the Status on 3, then closes with 1000.
// Limits: no stdin or terminal (refused with a clear Status, never a hang); stdout and stderr
// arrive in that order, not interleaved as written; a client that hangs up does not stop the command.
import { STATUS_CODES, type IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import { BadRequestError } from "./errors.js";
import { EXEC_SUCCESS, exitCodeStatus, plainTextStatus, unsupportedStatus } from "./exec-status.js";
import { flag } from "./http.js";

export interface ExecBackend {
  exec(req: { namespace: string; pod: string; container: string; command: string[] }): Promise<ExecResult>;
}

/** A finished command, shaped as the agent's ExecResponse (whose proto fields may be left out: 0, empty). */
export interface ExecResult {
  exitCode?: number;
  stdout?: Uint8Array | string;
  stderr?: Uint8Array | string;
}

/** Turns an error into the Kubernetes Status to answer with (the edge's status.ts). */
export type StatusOf = (err: unknown) => { code: number; body: object };

/**
 * The channel protocols served, best first. kubectl 1.30+ offers only v5; client-node offers all
 * five. v4 and v5 end with a JSON Status on channel 3; the older ones with a failure's message as
 * plain text (nothing on success). The base64 variants (text frames) are not served.
 */
export const EXEC_PROTOCOLS = ["v5.channel.k8s.io", "v4.channel.k8s.io", "v3.channel.k8s.io", "v2.channel.k8s.io", "channel.k8s.io"];

const STDIN = 0;
const STDOUT = 1;
const STDERR = 2;
const STATUS = 3;
const CLOSE = 255;
/** Frames of at most this many bytes of output, so that no client holds one huge message. */
const FRAME_BYTES = 64 * 1024;
/** How long to wait, with stdin open and silent, before telling the user why nothing happens. */
const STDIN_NOTICE_MS = 1000;

const NEEDS_WEBSOCKET =
  "skiff serves exec only over WebSocket, to a client speaking v5.channel.k8s.io or v4.channel.k8s.io " +
  "(kubectl 1.30 or newer, @kubernetes/client-node); SPDY is not supported";

export interface ExecTarget {
  namespace: string;
  pod: string;
  query: URLSearchParams;
  /** The container to use when the query names none (the router's choice: the pod's default). */
  container?: string;
}

interface ExecOptions {
  namespace: string;
  pod: string;
  container: string;
  command: string[];
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

/** The channel protocol to speak: the best one offered in `Sec-WebSocket-Protocol`, if any. */
export function pickExecProtocol(offered: Iterable<string>): string | undefined {
  const set = new Set([...offered].map((p) => p.trim()));
  return EXEC_PROTOCOLS.find((p) => set.has(p));
}

const wss = new WebSocketServer({ noServer: true, clientTracking: false, handleProtocols: (offered) => pickExecProtocol(offered) ?? false });

/** Serves one exec: upgrades the connection (or refuses it with a 400 Status) and runs the command. */
export function handleExecUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, target: ExecTarget, backend: ExecBackend, statusOf: StatusOf): void {
  const offered = String(req.headers["sec-websocket-protocol"] ?? "").split(",");
  if (!pickExecProtocol(offered)) {
    refuse(socket, statusOf(new BadRequestError(NEEDS_WEBSOCKET)));
    return;
  }
  const options = execOptions(target);
  wss.handleUpgrade(req, socket, head, (ws) => void serve(ws, options, backend, statusOf));
}

function execOptions({ namespace, pod, query, container }: ExecTarget): ExecOptions {
  return {
    namespace,
    pod,
    container: query.get("container") || container || "",
    command: query.getAll("command"),
    stdin: flag(query, "stdin"),
    stdout: flag(query, "stdout"),
    stderr: flag(query, "stderr"),
    tty: flag(query, "tty"),
  };
}


async function serve(ws: WebSocket, opts: ExecOptions, backend: ExecBackend, statusOf: StatusOf): Promise<void> {
  // A client that resets the connection: the close event that follows ends the session.
  ws.on("error", () => {});
  const send = (channel: number, data: Uint8Array | string) => {
    const bytes = Buffer.from(data);
    for (let at = 0; at < bytes.length; at += FRAME_BYTES) {
      ws.send(Buffer.concat([Buffer.of(channel), bytes.subarray(at, at + FRAME_BYTES)]));
    }
  };
  const finish = (status: object) => {
    if (ws.readyState !== ws.OPEN) return;
    const v4 = ws.protocol.startsWith("v4.") || ws.protocol.startsWith("v5.");
    const text = v4 ? JSON.stringify(status) : plainTextStatus(status);
    if (text !== undefined) send(STATUS, text);
    // kubectl waits for this close; without a code `ws` would send 1005 (no status).
    ws.close(1000);
  };
  const refuseInput = (what: "stdin" | "tty") => {
    const status = unsupportedStatus(what);
    notice(status.message ?? "");
    finish(status);
  };
  /** A line for the person at the terminal: stderr if asked for, else stdout when it is a terminal. */
  const notice = (line: string) => {
    if (opts.stderr) send(STDERR, `skiff: ${line}\n`);
    else if (opts.tty && opts.stdout) send(STDOUT, `skiff: ${line}\r\n`);
  };

  try {
    if (opts.tty) return refuseInput("tty");
    if (opts.stdin) {
      const input = await stdinOutcome(ws, () => notice("exec does not stream stdin yet: the command runs once stdin ends (Ctrl-D), without it"));
      if (input === "closed") return;
      if (input === "data") return refuseInput("stdin");
    }
    const { namespace, pod, container, command } = opts;
    const { exitCode = 0, stdout = "", stderr = "" } = await backend.exec({ namespace, pod, container, command });
    if (opts.stdout && stdout.length > 0) send(STDOUT, stdout);
    if (opts.stderr && stderr.length > 0) send(STDERR, stderr);
    finish(exitCode === 0 ? EXEC_SUCCESS : exitCodeStatus(exitCode, command));
  } catch (err) {
    finish(statusOf(err).body);
  }
}

/**
 * What the client does with stdin first: sends data (which skiff cannot pass on), ends it (v5's
 * `[255, 0]`; an empty stdin), or hangs up (v4 clients such as client-node close the socket at
 * the end of their stdin: there is no way left to answer). Resize frames are ignored.
 */
function stdinOutcome(ws: WebSocket, onSilence: () => void): Promise<"data" | "eof" | "closed"> {
  return new Promise((resolve) => {
    const timer = setTimeout(onSilence, STDIN_NOTICE_MS);
    const done = (outcome: "data" | "eof" | "closed") => {
      clearTimeout(timer);
      ws.off("message", onMessage);
      ws.off("close", onClose);
      resolve(outcome);
    };
    const onMessage = (data: RawData) => {
      const frame = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
      if (frame[0] === STDIN && frame.length > 1) done("data");
      else if (frame[0] === CLOSE && frame[1] === STDIN) done("eof");
    };
    const onClose = () => done("closed");
    ws.on("message", onMessage);
    ws.on("close", onClose);
  });
}

/** Answers an upgrade request with an HTTP error and its Status, as JSON, and hangs up. */
function refuse(socket: Duplex, { code, body }: { code: number; body: object }): void {
  const text = JSON.stringify(body);
  socket.on("error", () => {});
  socket.end(
    `HTTP/1.1 ${code} ${STATUS_CODES[code] ?? ""}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
  );
}
