// The node's Service proxy: what to listen on (pure) and the listeners themselves.
export { proxyTable, ruleKey, type ProxyNode, type ProxyRule } from "./table.js";
export { Proxy, type ProxyOptions } from "./proxy.js";
export { endpointPorts, ENDPOINT_PORTS_ANNOTATION, type EndpointPortLookup } from "./endpoint-ports.js";
