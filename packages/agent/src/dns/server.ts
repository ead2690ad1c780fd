// The node's DNS server: UDP and TCP on the bridge gateway, port 53 (binding below 1024 needs
// root or CAP_NET_BIND_SERVICE). It only moves bytes; respond.ts decides. The view (Services,
// Endpoints, node index) is replaced whole by update() whenever the agent's assignments change.
import { createSocket, type Socket as UdpSocket } from "node:dgram";
import { createServer, type Server, type Socket } from "node:net";
import { pino, type Logger } from "pino";
import { hostResolvers, udpForwarder } from "./forwarder.js";
import { respond, type Forward } from "./respond.js";
import type { DnsView } from "./resolve.js";

export interface DnsServerOptions {
  /** The bridge gateway, e.g. 10.244.6.1. */
  address: string;
  /** Default 53; 0 picks free ports (tests). */
  port?: number;
  /** Resolvers for other names; default the host's /etc/resolv.conf. An empty list: SERVFAIL. */
  upstreams?: string[];
  /** Replaces the UDP relay to `upstreams` (tests). */
  forward?: Forward;
  log?: Logger;
}

/** A TCP client that sends nothing for this long is closed. */
const TCP_IDLE_MS = 10_000;

export class DnsServer {
  private view: DnsView = { services: [], endpoints: [], nodeIndex: 0 };
  private readonly forward: Forward;
  private readonly log: Logger;
  private udp?: UdpSocket;
  private tcp?: Server;
  private readonly clients = new Set<Socket>();

  constructor(private readonly o: DnsServerOptions) {
    this.log = o.log ?? pino({ level: "silent" });
    const upstreams = (o.upstreams ?? hostResolvers()).filter((ip) => ip !== o.address); // never ask ourselves
    this.forward = o.forward ?? udpForwarder(upstreams);
  }

  update(view: DnsView): void {
    this.view = view;
  }

  /** Binds UDP and TCP; resolves with the ports bound (the same unless `port` is 0). */
  async listen(): Promise<{ udp: number; tcp: number }> {
    const port = this.o.port ?? 53;
    const udp = createSocket("udp4");
    this.udp = udp;
    udp.on("message", (msg, peer) => {
      void this.answer(msg, "udp").then((res) => {
        if (res) udp.send(res, peer.port, peer.address, (err) => err && this.log.debug({ err }, "udp send failed"));
      });
    });
    await new Promise<void>((resolve, reject) => {
      udp.once("error", reject);
      udp.bind(port, this.o.address, () => {
        udp.off("error", reject);
        udp.on("error", (err) => this.log.warn({ err }, "dns udp socket error"));
        resolve();
      });
    });
    const tcp = createServer((socket) => this.serveTcp(socket));
    this.tcp = tcp;
    await new Promise<void>((resolve, reject) => {
      tcp.once("error", reject);
      tcp.listen({ host: this.o.address, port, exclusive: true }, () => {
        tcp.off("error", reject);
        tcp.on("error", (err) => this.log.warn({ err }, "dns tcp server error"));
        resolve();
      });
    }).catch((err: unknown) => {
      udp.close();
      throw err;
    });
    const ports = { udp: udp.address().port, tcp: (tcp.address() as { port: number }).port };
    this.log.info({ address: this.o.address, ...ports }, "dns listening");
    return ports;
  }

  async stop(): Promise<void> {
    for (const c of this.clients) c.destroy();
    const udp = this.udp;
    const tcp = this.tcp;
    this.udp = this.tcp = undefined;
    await Promise.all([
      udp && new Promise<void>((resolve) => udp.close(() => resolve())),
      tcp && new Promise<void>((resolve) => tcp.close(() => resolve())),
    ]);
  }

  /** Component form: listens, runs until the signal aborts, then stops. */
  async start(signal: AbortSignal): Promise<void> {
    await this.listen();
    if (!signal.aborted) await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
    await this.stop();
  }

  private async answer(query: Buffer, transport: "udp" | "tcp"): Promise<Buffer | undefined> {
    try {
      return await respond(query, this.view, this.forward, transport);
    } catch (err) {
      this.log.warn({ err }, "dns query failed");
      return undefined;
    }
  }

  /** Over TCP each message is preceded by its length (2 bytes); a client may send several. */
  private serveTcp(socket: Socket): void {
    this.clients.add(socket);
    socket.once("close", () => this.clients.delete(socket));
    socket.on("error", () => socket.destroy());
    socket.setTimeout(TCP_IDLE_MS, () => socket.destroy());
    let pending = Buffer.alloc(0);
    socket.on("data", (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
        const query = pending.subarray(2, 2 + pending.readUInt16BE(0));
        pending = pending.subarray(2 + query.length);
        void this.answer(Buffer.from(query), "tcp").then((res) => {
          if (!res || socket.destroyed) return;
          const length = Buffer.alloc(2);
          length.writeUInt16BE(res.length);
          socket.write(Buffer.concat([length, res]));
        });
      }
    });
  }
}
