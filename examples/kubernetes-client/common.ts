// What both example programs need: the kubeconfig, and an API error in the server's own words.
import { homedir } from "node:os";
import { join } from "node:path";
import * as k8s from "@kubernetes/client-node";

/** KUBECONFIG (a list of files, as kubectl reads it), else the kubeconfig `skiff up` writes. */
export function loadKubeConfig(): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  if (process.env.KUBECONFIG) kc.loadFromDefault();
  else kc.loadFromFile(join(homedir(), ".skiff", "kubeconfig"));
  return kc;
}

/** An API error as the server worded it (its Status message), else the error's own message. */
export function describe(err: unknown): string {
  if (err instanceof k8s.ApiException) {
    const body: unknown = err.body;
    try {
      const status = (typeof body === "string" ? JSON.parse(body) : body) as { message?: string } | undefined;
      if (status?.message) return `${status.message} (HTTP ${err.code})`;
    } catch {
      // not a Status object: fall through
    }
    return `HTTP ${err.code}: ${err.message}`;
  }
  return err instanceof Error ? err.message : String(err);
}

/** Run `main`, printing a failure as one line and exiting 1. */
export function run(main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    console.error(`error: ${describe(err)}`);
    process.exitCode = 1;
  });
}
