// Well-known addresses, shared by the server that listens and the CLI that defaults its flags.

/** The Kubernetes API's listener (`skiff server --kube-listen`): 6443 by Kubernetes' convention. */
export const DEFAULT_KUBE_LISTEN = "127.0.0.1:6443";

/** The kubeconfig the server writes beside a client config (`~/.skiff/config` -> `~/.skiff/kubeconfig`). */
export function kubeconfigPathFor(clientConfigPath: string): string {
  const slash = clientConfigPath.lastIndexOf("/");
  return `${slash >= 0 ? clientConfigPath.slice(0, slash + 1) : ""}kubeconfig`;
}
