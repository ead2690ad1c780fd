// Which unix socket to talk to: the caller's choice, else DOCKER_HOST (unix:// only), else the
// usual path. skiff does not speak to engines over TCP: that needs TLS set-up it does not do.

export const DEFAULT_DOCKER_SOCKET = "/var/run/docker.sock";

export function dockerSocketPath(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (explicit) return explicit;
  const host = env.DOCKER_HOST;
  if (!host) return DEFAULT_DOCKER_SOCKET;
  if (host.startsWith("unix://")) return host.slice("unix://".length) || DEFAULT_DOCKER_SOCKET;
  throw new Error(`DOCKER_HOST=${host} is not supported: skiff talks to Docker over a unix socket (unix:///path)`);
}
