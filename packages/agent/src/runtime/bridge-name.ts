// The Linux name of a network's bridge. Docker's default, `br-<12 hex of the id>`, is unknown
// until the network exists and tells a person nothing; we choose one from the network's name,
// fitting Linux's 15-character limit (IFNAMSIZ - 1), so `ip addr` output is readable.
import { createHash } from "node:crypto";

export function defaultBridgeName(network: string): string {
  return `skb-${createHash("sha256").update(network).digest("hex").slice(0, 11)}`;
}
