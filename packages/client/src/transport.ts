// The gRPC plumbing under SkiffClient: load the service from proto/, connect with a short
// deadline, and turn callbacks into promises with errors mapped to skiff's named classes.
import * as grpc from "@grpc/grpc-js";
import { UnavailableError } from "@skiff/api";
import { loadApiProto, type ApiClient } from "@skiff/proto";
import type { Connection } from "./config.js";
import { fromGrpcError, unreachableMessage, type MapOptions } from "./errors.js";

/** How long to wait for a connection before telling the user the server is not there. */
export const CONNECT_TIMEOUT_MS = 3_000;

const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

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
  readonly api: ApiClient;
  readonly server: string;
  constructor(connection: Connection) {
    this.server = connection.server;
    this.api = new (loadApiProto().skiff.v1.Api)(this.server, channelCredentials(connection), {
      // grpc-js caps received messages at 4 MiB; a List of a few thousand pods is bigger.
      "grpc.max_receive_message_length": MAX_MESSAGE_BYTES,
      ...(connection.insecure ? {} : { "grpc.ssl_target_name_override": SERVER_CERT_NAME }),
    });
  }

  /**
   * Wait until the channel is READY or has failed. A refused connection fails at once (the
   * call that follows then fails fast with the socket error); a host that never answers is
   * given up on after CONNECT_TIMEOUT_MS, so the CLI never hangs on a wrong address.
   */
  async connect(timeoutMs = CONNECT_TIMEOUT_MS): Promise<void> {
    const channel = this.api.getChannel();
    const deadline = Date.now() + timeoutMs;
    const S = grpc.connectivityState;
    let state = channel.getConnectivityState(true);
    while (state !== S.READY && state !== S.TRANSIENT_FAILURE) {
      if (state === S.SHUTDOWN) throw new UnavailableError(`the client for ${this.server} is closed`);
      const from = state;
      await new Promise<void>((resolve, reject) =>
        channel.watchConnectivityState(from, deadline, (err) =>
          err ? reject(new UnavailableError(unreachableMessage(this.server, "timed out"))) : resolve(),
        ),
      );
      state = channel.getConnectivityState(true);
    }
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

  close(): void {
    this.api.close();
  }
}
