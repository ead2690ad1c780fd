// The FakeRuntime's networks: names, subnets and bridge names, nothing on the wire.
import { createHash } from "node:crypto";
import { defaultBridgeName } from "../bridge-name.js";
import { NetworkConflictError } from "../errors.js";
import type { NetworkInfo, NetworkOptions } from "../runtime.js";

export class FakeNetworks {
  /** Networks by name, for tests that want to look inside. */
  readonly byName = new Map<string, NetworkInfo>();

  ensure(name: string, options: NetworkOptions): NetworkInfo {
    const existing = this.byName.get(name);
    if (existing && existing.subnet !== options.subnet) {
      throw new NetworkConflictError(name, `with subnet ${existing.subnet ?? "(none)"}, not ${options.subnet}`);
    }
    const info = existing ?? {
      id: createHash("sha256").update(`network:${name}`).digest("hex"),
      name,
      subnet: options.subnet,
      gateway: options.gateway,
      bridgeInterface: options.bridgeName ?? defaultBridgeName(name),
      labels: { ...options.labels },
    };
    this.byName.set(name, info);
    return this.info(name)!;
  }

  info(name: string): NetworkInfo | undefined {
    const n = this.byName.get(name);
    return n && { ...n, labels: { ...n.labels } };
  }

  remove(name: string): void {
    this.byName.delete(name);
  }
}
