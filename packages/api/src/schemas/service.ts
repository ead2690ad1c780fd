// Service (ClusterIP or NodePort, with its ports and selector) and Endpoints.
import { z } from "zod";
import { quote } from "../issues.js";
import { checkDns1123Label, checkPortName } from "../names.js";
import { issue, isRecord, kobject, named, port, portOrName, str, typeError } from "./fields.js";
import { labels, objectMeta, objectReference } from "./meta.js";
import { status } from "./pod.js";

const NODE_PORT_MIN = 30000;
const NODE_PORT_MAX = 32767;

const IPV4 = /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const IPV6 = /^[0-9a-fA-F:.]+$/;

export function checkIP(s: string): string | undefined {
  return IPV4.test(s) || (s.includes(":") && IPV6.test(s)) ? undefined : "must be a valid IP address";
}

const protocol = () => z.enum(["TCP", "UDP"]).optional();

const servicePort = kobject("ServicePort", {
  name: named(checkDns1123Label).optional(),
  protocol: protocol(),
  port: port(),
  targetPort: portOrName(checkPortName).optional(),
  nodePort: port().optional(),
});

const serviceSpec = kobject(
  "ServiceSpec",
  {
    type: z.enum(["ClusterIP", "NodePort"]).optional(),
    clusterIP: str()
      .superRefine((ip, ctx) => {
        const bad = ip === "" || ip === "None" ? undefined : checkIP(ip);
        if (bad) issue(ctx, [], `${bad} or "None"`);
      })
      .optional(),
    ports: z.array(servicePort, { error: typeError("array") }),
    selector: labels().optional(),
  },
  (spec, ctx) => {
    const type = spec.type ?? "ClusterIP";
    if (type === "NodePort" && spec.clusterIP === "None") issue(ctx, ["clusterIP"], 'may not be "None" for type NodePort');
    if (!Array.isArray(spec.ports)) return;
    if (spec.ports.length === 0) issue(ctx, ["ports"], "must have at least one port");
    const names = new Set<unknown>();
    const pairs = new Set<string>();
    spec.ports.forEach((p, i) => {
      if (!isRecord(p)) return;
      if (spec.ports instanceof Array && spec.ports.length > 1 && p.name === undefined) {
        issue(ctx, ["ports", i, "name"], "required when a Service has more than one port");
      }
      if (p.name !== undefined && names.has(p.name)) issue(ctx, ["ports", i, "name"], `duplicate port name ${quote(p.name)}`);
      names.add(p.name);
      const pair = `${quote(p.port)}/${typeof p.protocol === "string" ? p.protocol : "TCP"}`;
      if (pairs.has(pair)) issue(ctx, ["ports", i], `duplicate port ${pair}`);
      pairs.add(pair);
      if (typeof p.nodePort !== "number") return;
      if (type !== "NodePort") {
        issue(ctx, ["ports", i, "nodePort"], `may only be used when type is "NodePort", not ${quote(type)}`);
      } else if (p.nodePort < NODE_PORT_MIN || p.nodePort > NODE_PORT_MAX) {
        issue(ctx, ["ports", i, "nodePort"], `must be between ${NODE_PORT_MIN} and ${NODE_PORT_MAX}, got ${p.nodePort}`);
      }
    });
  },
);

export const service = kobject("Service", {
  apiVersion: z.unknown(),
  kind: z.unknown(),
  metadata: objectMeta("Service", "label", true),
  spec: serviceSpec,
  status: status(),
});

const endpointAddress = kobject("EndpointAddress", {
  ip: named(checkIP),
  hostname: named(checkDns1123Label).optional(),
  nodeName: str().optional(),
  targetRef: objectReference.optional(),
});

const endpointSubset = kobject("EndpointSubset", {
  addresses: z.array(endpointAddress).optional(),
  notReadyAddresses: z.array(endpointAddress).optional(),
  ports: z
    .array(kobject("EndpointPort", { name: str().optional(), port: port(), protocol: protocol() }))
    .optional(),
});

export const endpoints = kobject("Endpoints", {
  apiVersion: z.unknown(),
  kind: z.unknown(),
  metadata: objectMeta("Endpoints", "subdomain", true),
  subsets: z.array(endpointSubset).optional(),
});
