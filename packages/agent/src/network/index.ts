// The node's own network: its address ranges (pure), the per-pod addresses of headless Services
// (pure), and the addresses on its bridge.
export { networkFor, nodeNetwork, serviceAddress, inCidr, ipv4ToInt, MAX_NODE_INDEX, SERVICE_CIDR, type NodeNetwork, type ServiceMap } from "./node-network.js";
export { assignPodAddresses, headlessPods, isHeadless, podAddressKey, type HeadlessPod, type PodAddressAssignment, type PodAddressOptions } from "./pod-addresses.js";
export { addressPlan, parseIpAddrJson, type AddressPlan, type InterfaceAddress } from "./address-plan.js";
export { AddressManager, AddressError, runIp, type AddressManagerOptions, type IpCommand } from "./address-manager.js";
