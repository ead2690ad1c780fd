// The kubeconfig the server writes on every start, for kubectl and the Kubernetes client libraries
// that talk to its REST edge (kube/): the REST address, the cluster CA inline
// (`certificate-authority-data`), the admin API token inline (client-node ignores `tokenFile`),
// one context `skiff`. Mode 0600, as the client config (client-config.ts). Never
// `insecure-skip-tls-verify`: the CA is all a client needs to trust the server.
// It goes to `<data-dir>/admin.kubeconfig` and beside the client config (`~/.skiff/kubeconfig`),
// never to `~/.kube/config`: users merge it there themselves (`skiff kubeconfig --merge`).
import { mkdir, readFile } from "node:fs/promises";
import { dirname } from "node:path";
import { parse, stringify } from "yaml";
import { DEFAULT_NAMESPACE } from "@skiff/api";
import { writeSecretFile } from "./ca.js";

export const ADMIN_KUBECONFIG_FILE = "admin.kubeconfig";
/** The name of the cluster and of the context. */
export const KUBECONFIG_CLUSTER = "skiff";
export const KUBECONFIG_USER = "skiff-admin";

export interface KubeconfigContent {
  /** The REST listener's URL, `https://HOST:PORT`. */
  server: string;
  /** The cluster CA's certificate (PEM). */
  caPem: string;
  /** An API token, `<id>.<secret>`. */
  token: string;
  /** The context's namespace (default: `default`). */
  namespace?: string;
}

/** `HOST:PORT` (or a URL already) as the kubeconfig's `server`. */
export function kubeServerUrl(address: string): string {
  return /^https?:\/\//.test(address) ? address : `https://${address}`;
}

/** The kubeconfig's YAML text (section 4 of the REST notes: kubectl 1.20+, client-node). */
export function kubeconfigText(c: KubeconfigContent): string {
  const doc = {
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: KUBECONFIG_CLUSTER, cluster: { server: c.server, "certificate-authority-data": Buffer.from(c.caPem).toString("base64") } }],
    users: [{ name: KUBECONFIG_USER, user: { token: c.token } }],
    contexts: [{ name: KUBECONFIG_CLUSTER, context: { cluster: KUBECONFIG_CLUSTER, user: KUBECONFIG_USER, namespace: c.namespace || DEFAULT_NAMESPACE } }],
    "current-context": KUBECONFIG_CLUSTER,
    preferences: {},
  };
  // lineWidth 0: the base64 and the token stay on one line each.
  return "# Written by 'skiff server' on every start: the REST API's address, CA and admin API token. Keep it private.\n" + stringify(doc, { lineWidth: 0 });
}

/** Write the kubeconfig at `path` (0600, its directory 0700 if new), keeping the namespace a kubeconfig already there chose. */
export async function writeKubeconfig(path: string, c: KubeconfigContent): Promise<void> {
  const namespace = (await contextNamespace(path)) ?? c.namespace;
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeSecretFile(path, kubeconfigText({ ...c, namespace }));
}

/** The namespace of the `skiff` context of the kubeconfig at `path`; none if it is missing or broken (it is then replaced). */
async function contextNamespace(path: string): Promise<string | undefined> {
  try {
    const doc = parse(await readFile(path, "utf8")) as { contexts?: { name?: unknown; context?: { namespace?: unknown } }[] } | null;
    const context = doc?.contexts?.find((c) => c?.name === KUBECONFIG_CLUSTER)?.context;
    return typeof context?.namespace === "string" && context.namespace ? context.namespace : undefined;
  } catch {
    return undefined;
  }
}
