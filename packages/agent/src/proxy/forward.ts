// One proxied connection: join an accepted client to the first backend that accepts, trying the
// backends in turn from `first` (each at most once), and copy bytes both ways until both sides
// are done. Half-close is kept (a client that sends a request and then FIN still gets its
// answer), so both sockets are half-open and `pipe` carries each FIN across.
import { connect, type Socket } from "node:net";

export interface ForwardOptions {
  /** A backend that neither accepts nor refuses in this time is skipped (e.g. a dead machine). */
  connectTimeoutMs: number;
  /** Every socket this connection opens, so that the owner can destroy them all on stop. */
  track: (socket: Socket) => void;
  /** No backend accepted: the client is closed. */
  onExhausted?: (tried: number) => void;
}

export function splitHostPort(target: string): { host: string; port: number } {
  const i = target.lastIndexOf(":");
  return { host: target.slice(0, i), port: Number(target.slice(i + 1)) };
}

export function forward(client: Socket, backends: readonly string[], first: number, o: ForwardOptions): void {
  o.track(client);
  let current: Socket | undefined;
  let clientGone = false;
  // Errors end in 'close', where the other side is dealt with: no 'error' goes unhandled.
  client.on("error", () => client.destroy());
  client.once("close", () => {
    clientGone = true;
    if (current) finish(current);
  });

  const attempt = (tried: number): void => {
    if (clientGone) return;
    if (tried >= backends.length) {
      o.onExhausted?.(tried);
      client.destroy();
      return;
    }
    const { host, port } = splitHostPort(backends[(first + tried) % backends.length]!);
    const backend = connect({ host, port, allowHalfOpen: true });
    o.track(backend);
    current = backend;
    backend.setTimeout(o.connectTimeoutMs);
    const failed = () => {
      backend.destroy();
      current = undefined;
      attempt(tried + 1);
    };
    backend.once("timeout", failed);
    backend.once("error", failed);
    backend.once("connect", () => {
      backend.setTimeout(0);
      backend.off("timeout", failed).off("error", failed);
      backend.on("error", () => backend.destroy());
      backend.once("close", () => finish(client));
      client.pipe(backend);
      backend.pipe(client);
    });
  };
  attempt(0);
}

/**
 * The other side has closed: let this one flush what it still holds, then close it. After a clean
 * close its FIN has already been passed on, so this only ends a socket that is done anyway; after
 * an error it cuts the connection, as the peer would see from a real server.
 */
function finish(socket: Socket): void {
  if (socket.destroyed) return;
  if (socket.writableFinished || socket.connecting) {
    socket.destroy();
    return;
  }
  socket.once("finish", () => socket.destroy());
  if (!socket.writableEnded) socket.end();
}
