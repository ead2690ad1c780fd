// The dashboard's one-time login link: the CLI shows the server its API token (POST
// /dashboard/login-codes on the Kubernetes API port, trusting only the cluster CA) and gets back
// a path with a code that works once, for a minute. `skiff dashboard` and `skiff up` print it.
import { request as httpsRequest } from "node:https";
import { request as httpRequest } from "node:http";
import { DEFAULT_KUBE_LISTEN } from "@skiff/api";
import { loadConfig, configPath } from "@skiff/client";
import { kubeconfigPathFor } from "@skiff/api";
import { kubeconfigServer } from "./commands/kubeconfig.js";
import { UserError } from "./errors.js";

export interface DashboardAccess {
  /** https://HOST:PORT of the Kubernetes API, which serves the dashboard under /dashboard/. */
  base: string;
  token?: string;
  ca?: string;
}

/** Where the dashboard is and the token to log in with: the kubeconfig beside the client config, and the client config. */
export function dashboardAccess(env: NodeJS.ProcessEnv = process.env, explicitBase?: string): DashboardAccess {
  const path = configPath(env);
  const config = loadConfig(path);
  const base = explicitBase ?? kubeconfigServer(kubeconfigPathFor(path)) ?? (config.insecure ? `http://${DEFAULT_KUBE_LISTEN}` : `https://${DEFAULT_KUBE_LISTEN}`);
  return { base: base.replace(/\/+$/, ""), token: config.insecure ? undefined : config.token, ca: config.ca };
}

/** The full login URL; a UserError naming the address when the server cannot be reached or refuses the token. */
export async function dashboardLoginUrl(access: DashboardAccess, signal?: AbortSignal): Promise<string> {
  const url = new URL("/dashboard/login-codes", access.base);
  const send = url.protocol === "http:" ? httpRequest : httpsRequest;
  const answer = await new Promise<{ code: number; body: string }>((resolve, reject) => {
    const req = send(url, { method: "POST", ca: access.ca, signal, timeout: 15_000, headers: access.token ? { Authorization: `Bearer ${access.token}` } : {} }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ code: res.statusCode ?? 0, body }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error("no answer in 15 s")));
    req.on("error", reject);
    req.end();
  }).catch((err: Error) => {
    throw new UserError(`cannot reach the dashboard at ${access.base}: ${err.message} (is 'skiff server' running, with its Kubernetes API port on?)`, { cause: err });
  });
  if (answer.code === 401) throw new UserError(`the server at ${access.base} refused the API token of ${configPath()}: log in again or create a token with 'skiff token create --api'`);
  if (answer.code !== 201) throw new UserError(`the server at ${access.base} did not give a login link (HTTP ${answer.code}): ${answer.body.trim().slice(0, 200)}`);
  const { path } = JSON.parse(answer.body) as { path: string };
  return new URL(path, access.base).toString();
}
