// The agent's own gRPC service (the kubelet's port, in Kubernetes): the server dials it to
// stream a container's logs and to run a command in it, for `skiff logs` and `skiff exec`.
import * as grpc from "@grpc/grpc-js";
import { timingSafeEqual } from "node:crypto";
import type { NodeAgentHandlers } from "@skiff/proto";
import type { Logger } from "pino";
import { LABELS, identify } from "../pods/labels.js";
import type { ContainerInfo, Runtime } from "../runtime/index.js";
import { notFromServer } from "./tls.js";

type Caller = Pick<grpc.ServerUnaryCall<unknown, unknown>, "metadata" | "getAuthContext" | "getPeer">;

/**
 * `tls`: served with mutual TLS (tls.ts), so the caller must also present a server's client
 * certificate; false only with --insecure.
 */
export function nodeAgentHandlers(runtime: Runtime, nodeName: string, log: Logger, secret: string, tls = false): NodeAgentHandlers {
  /** Why the caller is not the server: a server's certificate (with TLS), then the secret this agent registered with. */
  function refusal(call: Caller): Partial<grpc.ServiceError> | undefined {
    const notServer = tls ? notFromServer(call.getAuthContext()) : undefined;
    if (notServer) return { code: grpc.status.PERMISSION_DENIED, details: `only the skiff server may call the agent of node ${nodeName}: ${notServer}` };
    const given = Buffer.from(String(call.metadata.get("authorization")[0] ?? ""));
    const wanted = Buffer.from(`Bearer ${secret}`);
    if (given.length === wanted.length && timingSafeEqual(given, wanted)) return undefined;
    return { code: grpc.status.UNAUTHENTICATED, details: `only the skiff server may call the agent of node ${nodeName}: the call does not carry the secret this agent registered with` };
  }

  /** The container's current attempt, or the one before it (`--previous`). */
  async function find(namespace: string, pod: string, container: string, previous: boolean): Promise<ContainerInfo> {
    const all = await runtime.listContainers({
      [LABELS.node]: nodeName,
      [LABELS.podNamespace]: namespace || "default",
      [LABELS.podName]: pod,
      [LABELS.container]: container,
    });
    const attempts = all.sort((a, b) => (identify(b)?.attempt ?? 0) - (identify(a)?.attempt ?? 0));
    const found = attempts[previous ? 1 : 0];
    if (!found) {
      const what = previous ? "a previous" : "a";
      throw Object.assign(new Error(`${what} container "${container}" of pod "${pod}" was not found on node ${nodeName}`), { code: grpc.status.NOT_FOUND });
    }
    return found;
  }

  const fail = (err: unknown): Partial<grpc.ServiceError> => ({
    code: (err as { code?: number }).code ?? grpc.status.UNAVAILABLE,
    details: err instanceof Error ? err.message : String(err),
  });

  return {
    Logs: (call) => {
      const refused = refusal(call);
      if (refused) {
        log.warn({ peer: call.getPeer(), why: refused.details }, "refused a logs call that did not come from the server");
        call.emit("error", refused);
        return;
      }
      const aborted = new AbortController();
      call.on("cancelled", () => aborted.abort());
      const r = call.request;
      void (async () => {
        try {
          const c = await find(r.namespace, r.pod, r.container, r.previous);
          const tail = r.tailLines >= 0 ? r.tailLines : undefined;
          for await (const data of runtime.logs(c.id, { follow: r.follow, tail, signal: aborted.signal })) {
            if (!call.write({ data })) await new Promise((res) => call.once("drain", res));
          }
          call.end();
        } catch (err) {
          if (aborted.signal.aborted) return;
          log.debug({ err, pod: r.pod }, "logs failed");
          call.emit("error", fail(err));
        }
      })();
    },
    Exec: (call, callback) => {
      const refused = refusal(call);
      if (refused) {
        log.warn({ peer: call.getPeer(), why: refused.details }, "refused an exec call that did not come from the server");
        callback(refused);
        return;
      }
      const r = call.request;
      find(r.namespace, r.pod, r.container, false)
        .then((c) => runtime.exec(c.id, r.command))
        .then(
          (res) => callback(null, { exitCode: res.exitCode, stdout: Buffer.from(res.stdout), stderr: Buffer.from(res.stderr) }),
          (err: unknown) => callback(fail(err)),
        );
    },
  };
}
