// The Status an exec ends with, on channel 3, as the kubelet writes it (kubelet
// cri/streaming/remotecommand: v4WriteStatusFunc, and the exit-code Status of exec.go). kubectl
// reads `reason: NonZeroExitCode` and the `ExitCode` cause to print `command terminated with exit
// code N` and exit with N; any other Failure it prints as `error: <message>`.

/** A `metav1.Status` as exec writes it: no kind or apiVersion, as the kubelet leaves them out. */
export interface ExecStatus {
  metadata: Record<string, never>;
  status: "Success" | "Failure";
  message?: string;
  reason?: string;
  details?: { causes: { reason: string; message: string }[] };
  code?: number;
}

export const EXEC_SUCCESS: ExecStatus = { metadata: {}, status: "Success" };

export function exitCodeStatus(exitCode: number, command: string[]): ExecStatus {
  return {
    metadata: {},
    status: "Failure",
    message: `command terminated with non-zero exit code: command '${command.join(" ")}' exited with ${exitCode}`,
    reason: "NonZeroExitCode",
    details: { causes: [{ reason: "ExitCode", message: String(exitCode) }] },
  };
}

/**
 * What skiff's exec cannot do yet: the agent's Exec RPC is unary (a command in, its exit code and
 * output back), so there is no stdin to stream into the command and no terminal to give it.
 */
export function unsupportedStatus(what: "stdin" | "tty"): ExecStatus {
  const asked = what === "tty" ? "a terminal (-t)" : "input on stdin (-i)";
  return {
    metadata: {},
    status: "Failure",
    message:
      `skiff's exec does not stream stdin or give a terminal yet, and this exec asked for ${asked}; ` +
      "the command was not run. Run it without -i/-t (e.g. kubectl exec POD -- sh -c '...')",
    reason: "BadRequest",
    code: 400,
  };
}

/** What the protocols before v4 carry on channel 3: the message of a failure as plain text, nothing on success. */
export function plainTextStatus(status: { status?: unknown; message?: unknown }): string | undefined {
  if (status.status === "Success") return undefined;
  return typeof status.message === "string" ? status.message : "error executing command";
}
