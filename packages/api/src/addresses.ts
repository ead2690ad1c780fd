// Well-known addresses, shared by the server that listens and the CLI that defaults its flags.

/** The Kubernetes API's listener (`skiff server --kube-listen`): 6443 by Kubernetes' convention. */
export const DEFAULT_KUBE_LISTEN = "127.0.0.1:6443";
