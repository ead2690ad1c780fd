// The real kubectl against a skiff server: the one named by KUBECTL, else the one on PATH
// (set-up installs Debian's when there is none). Each run has its own HOME and discovery cache,
// so nothing of the user's ~/.kube is read or written.
import { execFile, spawn } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import type { RunResult } from "./skiff.js";

const execFileP = promisify(execFile);

export function kubectlBinary(): string {
  return process.env.KUBECTL || "kubectl";
}

export class Kubectl {
  constructor(
    readonly kubeconfig: string,
    /** A temp dir of the test's own: HOME and the discovery cache live there. */
    readonly home: string,
  ) {}

  get env(): Record<string, string> {
    return { ...process.env, HOME: this.home, KUBECONFIG: this.kubeconfig, KUBECACHEDIR: join(this.home, "cache") } as Record<string, string>;
  }

  args(args: string[]): string[] {
    return ["--kubeconfig", this.kubeconfig, "--cache-dir", join(this.home, "cache"), ...args];
  }

  /** Run to the end; never throws for a non-zero exit (tests check the code). */
  async run(args: string[], options: { input?: string; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<RunResult> {
    await mkdir(this.home, { recursive: true });
    return new Promise((resolve) => {
      const child = spawn(kubectlBinary(), this.args(args), { env: { ...this.env, ...options.env } });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d) => (stdout += d));
      child.stderr.on("data", (d) => (stderr += d));
      const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 60_000);
      child.on("close", (code) => {
        clearTimeout(timer);
        resolve({ code: code ?? -1, stdout, stderr });
      });
      child.stdin.end(options.input ?? "");
    });
  }

  /** A long-running command (`get -w`, `logs -f`): its output so far, and a way to stop it. */
  spawn(args: string[]) {
    const child = spawn(kubectlBinary(), this.args(args), { env: this.env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    return {
      output: () => stdout,
      errors: () => stderr,
      exited,
      stop: async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
        await exited;
      },
    };
  }
}

/** `kubectl version --client` as one line, printed by the tests so the log says what ran. */
export async function kubectlClientVersion(): Promise<string> {
  try {
    const { stdout } = await execFileP(kubectlBinary(), ["version", "--client"], { env: { ...process.env, KUBECONFIG: "/nonexistent" } });
    return stdout.split("\n")[0] ?? stdout;
  } catch (err) {
    return `no kubectl: ${(err as Error).message}`;
  }
}
