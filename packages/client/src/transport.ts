// The gRPC plumbing under SkiffClient: load the service from proto/, connect with a short
// deadline, and turn callbacks into promises with errors mapped to skiff's named classes.
import * as grpc from "@grpc/grpc-js";
import { UnavailableError, failoverOrder, serverAddresses } from "@skiff/api";
import { loadApiProto, type ApiClient } from "@skiff/proto";
import type { Connection } from "./config.js";
import { fromGrpcError, unreachableMessage, type MapOptions } from "./errors.js";

/** How long to wait for a connection before telling the user the server is not there. */
export const CONNECT_TIMEOUT_MS = 3_000;

const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
/** The receive window of each stream and of the connection (watch-stream.ts sends batches up to 1 MiB). */
const FLOW_CONTROL_WINDOW = 4 * 1024 * 1024;

/**
 * The name every skiff server certificate carries (beside its addresses), checked instead of the
 * address dialled, as Docker Swarm checks "swarm-manager": the trust is in the cluster CA of the
 * client config, which signs no other certificate with that name.
 */
export const SERVER_CERT_NAME = "skiff-server";

/** TLS trusting only the cluster CA, plus `authorization: Bearer <token>` on every call; or plaintext when insecure. */
export function channelCredentials(c: Pick<Connection, "insecure" | "ca" | "token" | "impersonate">): grpc.ChannelCredentials {
  if (c.insecure) return grpc.credentials.createInsecure();
  const tls = grpc.credentials.createSsl(c.ca ? Buffer.from(c.ca) : null);
  if (!c.token) return tls;
  const bearer = `Bearer ${c.token}`;
  return grpc.credentials.combineChannelCredentials(
    tls,
    grpc.credentials.createFromMetadataGenerator((_params, callback) => {
      const metadata = new grpc.Metadata();
      metadata.set("authorization", bearer);
      if (c.impersonate) {
        metadata.set("impersonate-user", c.impersonate.user);
        for (const g of c.impersonate.groups ?? []) metadata.add("impersonate-group", g);
      }
      callback(null, metadata);
    }),
  );
}

export class Transport {
  /** Every address of the connection (`a:7443,b:7443`); usually one. */
  readonly servers: string[];
  private current: number;
  private client: ApiClient;

  constructor(private readonly connection: Connection) {
    const list = serverAddresses(connection.server);
    this.servers = list.length > 0 ? list : [connection.server];
    this.current = 0;
    this.client = this.dial(this.servers[0]!);
  }

  /** The client of the server in use (calls made through it go to `server`). */
  get api(): ApiClient {
    return this.client;
  }

  /** The address in use: the first, or the one failed over to. */
  get server(): string {
    return this.servers[this.current]!;
  }

  private dial(address: string): ApiClient {
    const c = this.connection;
    return new (loadApiProto().skiff.v1.Api)(address, channelCredentials(c), {
      // grpc-js caps received messages at 4 MiB; a List of a few thousand pods is bigger.
      "grpc.max_receive_message_length": MAX_MESSAGE_BYTES,
      // HTTP/2's 64 KiB window made a watch's 1 MiB batch 16 round trips, each waiting for a
      // busy server's event loop; 4 MiB lets a batch go at once.
      "grpc-node.flow_control_window": FLOW_CONTROL_WINDOW,
      ...(c.insecure ? {} : { "grpc.ssl_target_name_override": SERVER_CERT_NAME }),
    });
  }

  /**
   * Wait until the channel is READY or has failed. A refused connection fails at once (the
   * call that follows then fails fast with the socket error); a host that never answers is
   * given up on after CONNECT_TIMEOUT_MS, so the CLI never hangs on a wrong address. With
   * several servers, one that fails either way is left for the next (failoverOrder), each given
   * the whole timeout; only when none answers does the call fail.
   */
  async connect(timeoutMs = CONNECT_TIMEOUT_MS): Promise<void> {
    if (this.servers.length === 1) {
      await waitForChannel(this.client, this.server, timeoutMs);
      return;
    }
    let lastError: unknown;
    for (const next of [this.server, ...failoverOrder(this.servers, this.server).slice(0, -1)]) {
      if (next !== this.server) {
        this.client.close();
        this.current = this.servers.indexOf(next);
        this.client = this.dial(next);
      }
      try {
        if ((await waitForChannel(this.client, next, timeoutMs)) === "ready") return;
      } catch (err) {
        lastError = err;
      }
    }
    if (lastError) throw new UnavailableError(unreachableMessage(this.servers.join(","), "none of the servers answered"));
  }

  /** Call a unary method: connect first, then map any failure to a named error. */
  async unary<Req, Res>(
    method: (req: Req, cb: (err: grpc.ServiceError | null, res?: Res) => void) => grpc.ClientUnaryCall,
    req: Req,
    mapOptions: MapOptions = {},
  ): Promise<Res> {
    await this.connect();
    return new Promise<Res>((resolve, reject) => {
      method.call(this.api, req, (err, res) => {
        if (err) reject(fromGrpcError(err, this.server, mapOptions));
        else if (res === undefined) reject(new Error("gRPC call returned neither a response nor an error"));
        else resolve(res);
      });
    });
  }

  /** A transport of its own to one of the servers, with the same credentials. */
  to(address: string): Transport {
    return new Transport({ ...this.connection, server: address });
  }

  close(): void {
    this.client.close();
  }
}

/** Until the channel is READY ("ready") or has failed ("failed"); an UnavailableError after `timeoutMs`. */
async function waitForChannel(api: ApiClient, server: string, timeoutMs: number): Promise<"ready" | "failed"> {
  const channel = api.getChannel();
  const deadline = Date.now() + timeoutMs;
  const S = grpc.connectivityState;
  let state = channel.getConnectivityState(true);
  while (state !== S.READY && state !== S.TRANSIENT_FAILURE) {
    if (state === S.SHUTDOWN) throw new UnavailableError(`the client for ${server} is closed`);
    const from = state;
    await new Promise<void>((resolve, reject) =>
      channel.watchConnectivityState(from, deadline, (err) => (err ? reject(new UnavailableError(unreachableMessage(server, "timed out"))) : resolve())),
    );
    state = channel.getConnectivityState(true);
  }
  return state === S.READY ? "ready" : "failed";
}
