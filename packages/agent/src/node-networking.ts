// The node's share of Services (docs/networking.md): its bridge network, the Service addresses on
// it (and the per-pod addresses of headless Services' pods), the proxy that listens there and on
// NodePorts, and the DNS responder on its gateway. Set up once the server has given the node its
// index; updated whenever Services or Endpoints change.
// Each part that cannot start (no root for `ip addr`, port 53 taken) is logged and skipped: pods
// still run, they just lack that part of Service discovery.
import type { Endpoints, Service } from "@skiff/api/core";
import type { Logger } from "pino";
import { DnsServer } from "./dns/index.js";
import { AddressManager, assignPodAddresses, headlessPods, inCidr, networkFor, serviceAddress, type NodeNetwork, type ServiceMap } from "./network/index.js";
import { nodeSelector } from "./pods/labels.js";
import { Proxy, proxyTable, type ProxyOptions } from "./proxy/index.js";
import type { Runtime } from "./runtime/index.js";

export interface NetworkingOptions {
  runtime: Runtime;
  nodeName: string;
  /** The node's address: NodePorts listen here. */
  address: string;
  log: Logger;
  /** The Service proxy's connection counts (metrics/proxy.ts). */
  proxyMetrics?: ProxyOptions["metrics"];
}

export interface NodeNetworkInfo {
  name: string;
  gateway: string;
  /** Where this node's Service addresses are. */
  nodeIndex: ServiceMap;
}

export class NodeNetworking {
  readonly proxy: Proxy;
  private dns: DnsServer | undefined;
  private addresses: AddressManager | undefined;
  private net: NodeNetwork | undefined;
  private services: Service[] = [];
  private endpoints: Endpoints[] = [];
  /** The per-pod addresses of headless Services' pods, by podAddressKey(): kept from sync to sync. */
  private podAddresses = new Map<string, string>();
  /** Keys refused an address last time (logged when this changes). */
  private refused = "";
  private syncing = Promise.resolve();

  constructor(private readonly o: NetworkingOptions) {
    this.proxy = new Proxy({ log: o.log.child({ part: "proxy" }), metrics: o.proxyMetrics });
  }

  /**
   * Make (or find) the node's bridge network on its pod subnet and start DNS on its gateway.
   * Throws (a RangeError) when the server's ranges do not make a layout (docs/networking.md).
   */
  async setup(podCIDR: string, serviceCIDR: string): Promise<NodeNetworkInfo> {
    const net = networkFor(podCIDR, serviceCIDR);
    const name = `skiff-${this.o.nodeName}`;
    if (this.net && (this.net.subnet !== net.subnet || this.net.serviceCIDR !== net.serviceCIDR)) {
      this.o.log.warn({ was: this.net.subnet, now: net.subnet }, "the node's pod subnet or the Service range changed; keeping the network made first until the agent restarts");
    }
    if (!this.net) {
      const info = await this.o.runtime.ensureNetwork(name, { subnet: net.subnet, ipRange: net.ipRange, gateway: net.gateway, labels: nodeSelector(this.o.nodeName) });
      this.net = net;
      this.addresses = new AddressManager({ device: info.bridgeInterface, serviceRange: net.serviceRange, extraRanges: [net.headlessRange] });
      const dns = new DnsServer({ address: net.gateway, log: this.o.log.child({ part: "dns" }) });
      try {
        await dns.listen();
        this.dns = dns;
      } catch (err) {
        this.o.log.warn({ err: (err as Error).message, address: `${net.gateway}:53` }, "cannot serve DNS for pods; Service names will not resolve on this node");
      }
      this.o.log.info({ network: name, subnet: net.subnet, bridge: info.bridgeInterface }, "node network ready");
      this.resync();
    }
    return { name, gateway: this.net.gateway, nodeIndex: { serviceCIDR: this.net.serviceCIDR, serviceRange: this.net.serviceRange } };
  }

  /** The cluster's Services and Endpoints (every namespace) changed. */
  update(services: Service[], endpoints: Endpoints[]): void {
    this.services = services;
    this.endpoints = endpoints;
    this.resync();
  }

  async stop(): Promise<void> {
    await this.syncing;
    await this.proxy.stop();
    await this.dns?.stop();
    // Service addresses stay on the bridge: a restarted agent finds and keeps them.
  }

  // One sync at a time, in order: addresses first, so that the proxy can listen on them.
  private resync(): void {
    const net = this.net;
    if (!net) return;
    const services = this.services;
    const endpoints = this.endpoints;
    this.syncing = this.syncing.then(async () => {
      const wanted = services.flatMap((s) => {
        const ip = s.spec.clusterIP && s.spec.clusterIP !== "None" ? serviceAddress(net, s.spec.clusterIP) : undefined;
        return ip ? [ip] : [];
      });
      const podAddresses = await this.assignPodAddresses(net, services, endpoints);
      wanted.push(...podAddresses.values());
      try {
        await this.addresses?.sync(wanted);
      } catch (err) {
        this.o.log.warn({ err: (err as Error).message }, "cannot put Service addresses on the node's bridge (needs root or CAP_NET_ADMIN)");
      }
      await this.proxy.update(proxyTable(services, endpoints, { index: net, address: this.o.address }, podAddresses));
      this.dns?.update({ services, endpoints, nodeIndex: net, podAddresses });
    }).catch((err: unknown) => this.o.log.warn({ err: (err as Error).message }, "service networking update failed"));
  }

  /**
   * A node-local address for each ready pod of each headless Service, kept while the pod stays
   * ready. Never one a pod holds: a node network made before the headless range existed still has
   * Docker's range over the whole first /24, so its pods may sit in the upper half.
   */
  private async assignPodAddresses(net: NodeNetwork, services: Service[], endpoints: Endpoints[]): Promise<Map<string, string>> {
    const pods = headlessPods(services, endpoints);
    const taken = new Set<string>();
    if (pods.length > 0) {
      for (const e of endpoints) {
        for (const s of e.subsets ?? []) for (const a of [...(s.addresses ?? []), ...(s.notReadyAddresses ?? [])]) taken.add(a.ip);
      }
      try {
        for (const c of await this.o.runtime.listContainers(nodeSelector(this.o.nodeName))) if (c.ipAddress) taken.add(c.ipAddress);
      } catch (err) {
        this.o.log.debug({ err: (err as Error).message }, "cannot list this node's containers; only the Endpoints' pod IPs are avoided");
      }
    }
    const { addresses, refused } = assignPodAddresses(
      pods.map((p) => p.key),
      { range: net.headlessRange, previous: this.podAddresses, exclude: [...taken].filter((ip) => inCidr(ip, net.headlessRange)) },
    );
    this.podAddresses = addresses;
    const refusedNow = refused.join(",");
    if (refusedNow !== this.refused && refused.length > 0) {
      const names = pods.filter((p) => refused.includes(p.key)).map((p) => `${p.namespace}/${p.service}: ${p.pod}`);
      this.o.log.warn(
        { range: net.headlessRange, given: addresses.size, refused: names },
        "the node's range for headless Services' pods is full: these pods get no name or address on this node",
      );
    }
    this.refused = refusedNow;
    return addresses;
  }
}
