// `skiff server`: open the store, make sure the default namespace exists, serve the API.
import * as grpc from "@grpc/grpc-js";
import { mkdir } from "node:fs/promises";
import { AlreadyExistsError, SkiffError } from "@skiff/api";
import { LevelStore, type Store } from "@skiff/store";
import { apiHandlers } from "./api/grpc-service.js";
import { ObjectService } from "./api/objects.js";
import { componentLogger, createLogger, type Logger } from "./log.js";
import { loadApiProto } from "@skiff/proto";
import { AgentProxy } from "./nodes/agent-proxy.js";

export interface ServerOptions {
  dataDir: string;
  /** HOST:PORT; port 0 picks a free one (see RunningServer.address). */
  listen: string;
  logLevel?: string;
  logger?: Logger;
}

export interface RunningServer {
  /** HOST:PORT actually bound. */
  address: string;
  store: Store;
  close(): Promise<void>;
}

// How long a graceful stop waits for calls in flight before cutting them.
const SHUTDOWN_GRACE_MS = 5_000;

export async function serve(options: ServerOptions): Promise<RunningServer> {
  const log = options.logger ?? createLogger(options.logLevel);
  await mkdir(options.dataDir, { recursive: true });
  const store = await LevelStore.open(options.dataDir);
  try {
    await ensureDefaultNamespace(store);
    const shutdown = new AbortController();
    const server = new grpc.Server();
    const objects = new ObjectService(store);
    const agents = new AgentProxy(store);
    server.addService(loadApiProto().skiff.v1.Api.service, apiHandlers(objects, store, agents, componentLogger(log, "api"), shutdown.signal));
    const port = await bind(server, options.listen);
    const address = `${hostOf(options.listen)}:${port}`;
    log.info({ address, dataDir: options.dataDir, revision: store.revision() }, "skiff server listening");
    return {
      address,
      store,
      close: async () => {
        shutdown.abort();
        await stopServer(server);
        agents.close();
        await store.close();
        log.info("skiff server stopped");
      },
    };
  } catch (err) {
    await store.close();
    throw err;
  }
}

async function ensureDefaultNamespace(store: Store): Promise<void> {
  if (await store.get({ kind: "Namespace", name: "default" })) return;
  try {
    await store.create({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: "default", uid: crypto.randomUUID(), creationTimestamp: new Date().toISOString() },
      spec: { finalizers: ["kubernetes"] },
      status: { phase: "Active" },
    });
  } catch (err) {
    if (!(err instanceof AlreadyExistsError)) throw err;
  }
}

function bind(server: grpc.Server, listen: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(listen, grpc.ServerCredentials.createInsecure(), (err, port) => {
      if (err) reject(new ListenError(`cannot listen on ${listen}: ${err.message}`, { cause: err }));
      else resolve(port);
    });
  });
}

function stopServer(server: grpc.Server): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, SHUTDOWN_GRACE_MS);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function hostOf(listen: string): string {
  const i = listen.lastIndexOf(":");
  return i > 0 ? listen.slice(0, i) : listen;
}

/** The server could not bind its address (in use, not an address of this machine...). */
export class ListenError extends SkiffError {
  readonly code = "FAILED_PRECONDITION";
}
