// Types for docker-leftovers.mjs, for the TypeScript tests that import it (test/support).
export function removeContainers(filter: string): Promise<void>;
export function removeNetwork(name: string, timeoutMs?: number): Promise<boolean>;
export function removeNodeLeftovers(node: string, timeoutMs?: number): Promise<boolean>;
