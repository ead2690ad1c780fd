// skiff port-forward TYPE/NAME [LOCAL:]PORT... [-n NS]: local ports that reach a pod or a Service.
// The connections go straight to the ports the pods publish on their nodes (no tunnel through the
// server; see @skiff/client's port-forward.ts). Runs until Ctrl-C, which ends it with exit 0.
import type { Argv, CommandModule } from "yargs";
import { forwardPort, parsePortPair, podBackend, PortForwardError, serviceBackends, servicePortFor, type Forwarder, type SkiffClient } from "@skiff/client";
import type { Endpoints, Pod, Service } from "@skiff/api";
import { NotFoundError } from "@skiff/api";
import { namespaceFor, withClient, type GlobalArgs } from "../context.js";
import { UserError } from "../errors.js";
import { resolveKind, rethrowNotFound } from "../kinds.js";

interface PortForwardArgs extends GlobalArgs {
  target: string;
  ports: string[];
}

export const portForwardCommand: CommandModule<GlobalArgs, PortForwardArgs> = {
  command: "port-forward <target> <ports..>",
  describe: "Forward local ports to a pod or to a Service's ready endpoints",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional("target", { type: "string", demandOption: true, describe: "pod/NAME (or NAME), or svc/NAME" })
      .positional("ports", { type: "string", array: true, demandOption: true, describe: "LOCAL:PORT, PORT (the same locally) or :PORT (any free local port)" })
      .example("skiff port-forward svc/web 8080:80", "127.0.0.1:8080 -> the Service's port 80, one ready endpoint per connection")
      .example("skiff port-forward pod/web-0 5432", "127.0.0.1:5432 -> the pod's port 5432") as unknown as Argv<PortForwardArgs>,
  handler: async (args) => {
    const namespace = namespaceFor(args);
    const { kind, name } = parseTarget(args.target);
    const pairs = args.ports.map((p) => wrap(() => parsePortPair(p)));
    const stop = new AbortController();
    const onSigint = () => stop.abort();
    process.once("SIGINT", onSigint);
    try {
      await withClient(args, async (client) => {
        const forwarders: Forwarder[] = [];
        try {
          for (const pair of pairs) {
            const backends = kind === "Service" ? await serviceTarget(client, namespace, name, pair.remote) : await podTarget(client, namespace, name, pair.remote);
            const forwarder = await wrapAsync(() =>
              forwardPort({
                localPort: pair.local,
                backends,
                signal: stop.signal,
                onConnection: (e) => {
                  if (e.error) process.stderr.write(`error: ${kind === "Service" ? `service ${name}` : `pod ${name}`} port ${pair.remote}: ${e.error}\n`);
                  else process.stdout.write(`Handling connection for ${forwarder.port}\n`);
                },
              }),
            );
            forwarders.push(forwarder);
            process.stdout.write(`Forwarding from 127.0.0.1:${forwarder.port} -> ${pair.remote}\n`);
          }
        } catch (err) {
          stop.abort();
          throw err;
        }
        await Promise.all(forwarders.map((f) => f.closed));
      });
    } finally {
      process.off("SIGINT", onSigint);
    }
  },
};

function parseTarget(typed: string): { kind: "Pod" | "Service"; name: string } {
  const slash = typed.indexOf("/");
  if (slash < 0) return { kind: "Pod", name: typed };
  const info = resolveKind(typed.slice(0, slash));
  const name = typed.slice(slash + 1);
  if (!name) throw new UserError(`arguments in resource/name form must have a single resource and name: "${typed}"`);
  if (info.kind !== "Pod" && info.kind !== "Service") throw new UserError(`cannot port-forward to ${info.plural}: only pods and services`);
  return { kind: info.kind, name };
}

/** The Service port is checked now; its ready endpoints are read again for every connection. */
async function serviceTarget(client: SkiffClient, namespace: string, name: string, remote: string): Promise<() => Promise<string[]>> {
  const svc = await client.services.get(name, { namespace }).catch(rethrowNotFound(resolveKind("Service"), name));
  const port = wrap(() => servicePortFor(svc as Service, remote));
  const backends = async () => {
    const endpoints = await client.endpoints.get(name, { namespace }).catch((err: unknown) => {
      if (err instanceof NotFoundError) return undefined;
      throw err;
    });
    return serviceBackends(endpoints as Endpoints | undefined, port);
  };
  if ((await backends()).length === 0) throw new UserError(`service ${name} has no ready endpoints for port ${remote}`);
  return backends;
}

async function podTarget(client: SkiffClient, namespace: string, name: string, remote: string): Promise<() => Promise<string[]>> {
  const pod = await client.pods.get(name, { namespace }).catch(rethrowNotFound(resolveKind("Pod"), name));
  const backend = wrap(() => podBackend(pod as Pod, remote));
  return async () => [backend];
}

function wrap<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof PortForwardError) throw new UserError(err.message, { cause: err });
    throw err;
  }
}

async function wrapAsync<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof PortForwardError) throw new UserError(err.message, { cause: err });
    throw err;
  }
}
