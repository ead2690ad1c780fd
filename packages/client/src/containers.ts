// Reaching into a running container: its logs and a command run in it. The server forwards both
// to the agent of the pod's node (as the Kubernetes API server forwards to the kubelet).
import type { ExecRequest, LogsRequest } from "@skiff/proto";

export interface LogsOptions {
  /** Omitted: "default". */
  namespace?: string;
  pod: string;
  /** Required when the pod has several containers (the server lists them otherwise). */
  container?: string;
  /** Keep streaming new output until the signal aborts or the container's log ends. */
  follow?: boolean;
  /** Only the last N lines; omitted: everything. */
  tailLines?: number;
  /** The previous instance of the container (after a restart). */
  previous?: boolean;
  /** Abort to stop reading; the loop then finishes normally. */
  signal?: AbortSignal;
}

export interface ExecOptions {
  /** Omitted: "default". */
  namespace?: string;
  pod: string;
  /** Required when the pod has several containers. */
  container?: string;
  /** The program and its arguments, run without a shell (as `kubectl exec -- CMD ARGS`). */
  command: string[];
}

export interface ExecResult {
  exitCode: number;
  stdout: Buffer;
  stderr: Buffer;
}

/** All lines: the wire's value for "no tail". */
export const ALL_LINES = -1;

export function logsRequest(o: LogsOptions): LogsRequest {
  return {
    namespace: o.namespace || "default",
    pod: o.pod,
    container: o.container ?? "",
    follow: o.follow ?? false,
    tailLines: o.tailLines ?? ALL_LINES,
    previous: o.previous ?? false,
  };
}

export function execRequest(o: ExecOptions): ExecRequest {
  return { namespace: o.namespace || "default", pod: o.pod, container: o.container ?? "", command: o.command };
}
