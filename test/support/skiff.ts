// Runs the built `skiff` binary as a user would, and real `skiff server` processes. A server is
// secure as by default: it writes its client config (address, CA, admin token) into its temp data
// dir, and every CLI run and SDK client of a test uses that config (SKIFF_CONFIG).
import { existsSync } from "node:fs";
import { spawn, type ChildProcess } from "node:child_process";
import { loadConfig, type ClientOptions } from "@skiff/client";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { NODE_FLAGS } from "../../packages/cli/src/node-flags.js";

export const REPO = fileURLToPath(new URL("../../", import.meta.url));
export const SKIFF = join(REPO, "packages/cli/dist/main.js");
/** How the cluster's long-running processes start: with the V8 flags every skiff process has. */
export const SKIFF_DAEMON = [...NODE_FLAGS, SKIFF];

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `skiff ARGS...` with stdin from `input`; never throws on a non-zero exit. */
export function skiff(args: string[], options: { input?: string; env?: Record<string, string>; cwd?: string } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SKIFF, ...args], {
      cwd: options.cwd ?? REPO,
      env: { ...process.env, ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? "");
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export async function tempDir(prefix: string): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `skiff-${prefix}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** A new cluster key in `dir` (as `head -c 32 /dev/urandom | base64`), for servers that share one etcd. */
export async function clusterKeyFile(dir: string): Promise<string> {
  const file = join(dir, "cluster.key");
  await writeFile(file, `${randomBytes(32).toString("base64")}\n`, { mode: 0o600 });
  return file;
}

/** A `skiff server` process on a temp data dir; `env` points a CLI at it. */
export class ServerProcess {
  child?: ChildProcess;
  logs = "";
  /** How long start() waits for the server to answer (raise it on a loaded machine). */
  startTimeoutMs = 20_000;
  constructor(
    readonly dataDir: string,
    readonly port: number,
    readonly extraArgs: string[] = [],
  ) {}

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** The client config the server writes on its first start. */
  get configPath(): string {
    return join(this.dataDir, "client-config");
  }

  /** The kubeconfig the server writes beside its client config, for kubectl and client libraries. */
  get kubeconfigPath(): string {
    return join(this.dataDir, "kubeconfig");
  }

  get env(): Record<string, string> {
    return { SKIFF_SERVER: this.address, SKIFF_CONFIG: this.configPath };
  }

  /** Options for an SDK client in the test's own process: this server, its CA and admin token. */
  clientOptions(): ClientOptions {
    const { ca, token } = loadConfig(this.configPath);
    return { server: this.address, ca, token };
  }

  async start(): Promise<void> {
    // The Kubernetes API on a port of its own choosing: tests never collide on 6443.
    const kube = this.extraArgs.includes("--kube-listen") ? [] : ["--kube-listen", "127.0.0.1:0"];
    const args = [...SKIFF_DAEMON, "server", "--data-dir", this.dataDir, "--listen", this.address, "--client-config", this.configPath, ...kube, ...this.extraArgs];
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    this.child = child;
    child.stdout?.on("data", (d) => (this.logs += d));
    child.stderr?.on("data", (d) => (this.logs += d));
    await this.waitHealthy();
  }

  private async waitHealthy(): Promise<void> {
    const deadline = Date.now() + this.startTimeoutMs;
    while (Date.now() < deadline) {
      if (this.child?.exitCode !== null) throw new Error(`skiff server exited early:\n${this.logs}`);
      const r = await skiff(["version"], { env: this.env });
      // The kubeconfig is written last of all, once both APIs listen.
      if (r.code === 0 && (this.extraArgs.includes("off") || this.extraArgs.includes("--insecure") || existsSync(this.kubeconfigPath))) return;
      await new Promise((res) => setTimeout(res, 100));
    }
    throw new Error(`skiff server did not become healthy:\n${this.logs}`);
  }

  /** SIGKILL: no chance to flush or close anything, as a crash. */
  async kill9(): Promise<void> {
    await this.stop("SIGKILL");
  }

  async stop(signal: NodeJS.Signals = "SIGTERM"): Promise<number | null> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill(signal);
    return exited;
  }
}

/** Start a server on a fresh data dir and port; call `dispose` in afterAll/afterEach. */
export async function startServer(): Promise<{ server: ServerProcess; dispose(): Promise<void> }> {
  const dir = await tempDir("server");
  const server = new ServerProcess(dir.path, await freePort());
  await server.start();
  return {
    server,
    dispose: async () => {
      await server.stop("SIGKILL");
      await dir.remove();
    },
  };
}

/** A long-running `skiff` command (e.g. `get -w`): wait for its output, then stop it. */
export function spawnSkiff(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [SKIFF, ...args], { cwd: REPO, env: { ...process.env, ...env } });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  return {
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    async waitFor(pattern: RegExp, timeoutMs = 10_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(stdout)) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; stdout:\n${stdout}\nstderr:\n${stderr}`);
        if (child.exitCode !== null) throw new Error(`exited (${child.exitCode}) before ${pattern}; stderr:\n${stderr}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    stop(): Promise<void> {
      if (child.exitCode !== null) return Promise.resolve();
      return new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      });
    },
  };
}
