// Several servers in one address: `a:7443,b:7443,c:7443` (the `--server` flag of the CLI and the
// agent, SKIFF_SERVER, the client config's `server`). Clients try them in turn: the one that
// answered last first, then the others in the order given, as Nomad's server list and Swarm's
// manager list do. One definition for the SDK and the agent.

/** The addresses in `text`, in order, without blanks or repeats. */
export function serverAddresses(text: string): string[] {
  return [...new Set(text.split(",").map((a) => a.trim()).filter(Boolean))];
}

/**
 * The order to try `addresses` in when `current` failed: the ones after it, then those before it
 * (wrapping), then `current` itself last. A `current` not in the list goes last too.
 */
export function failoverOrder(addresses: readonly string[], current: string): string[] {
  const i = addresses.indexOf(current);
  const others = i < 0 ? [...addresses] : [...addresses.slice(i + 1), ...addresses.slice(0, i)];
  return [...others.filter((a) => a !== current), current];
}

/**
 * The list an agent keeps: the addresses it was given (flags), then those the servers told it
 * (their registration and heartbeat replies), without repeats. Given ones stay even when a reply
 * leaves them out: a server that is down now may be the one that comes back first.
 */
export function mergeServerLists(given: readonly string[], learned: readonly string[]): string[] {
  return [...new Set([...given, ...learned.filter(Boolean)])];
}
