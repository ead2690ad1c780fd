// The node's DNS: cluster names answered from Services and Endpoints, the rest forwarded.
export { DnsServer, type DnsServerOptions } from "./server.js";
export { resolve, CLUSTER_DOMAIN, CLUSTER_TTL, type DnsView, type Resolution } from "./resolve.js";
export { respond, queryFor, UDP_LIMIT, type Forward } from "./respond.js";
export { hostResolvers, parseResolvConf, udpForwarder } from "./forwarder.js";
export { encode, decode, readName, aRecord, DnsFormatError, TYPE, RCODE, CLASS_IN, type DnsMessage, type DnsQuestion, type DnsRecord, type DnsFlags } from "./wire.js";
