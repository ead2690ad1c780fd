// The website operator's controller: the thin shell around plan.ts, on skiff's controller
// framework (the same definition shape as the server's controllers), run as its own process by
// @skiff/client's runController.
//
//   watch Websites                    -> key = the Website's ns/name
//   watch ConfigMaps, Deployments,    -> key = their controlling Website's ns/name (ownerKeys)
//         Services
//   watch Nodes                       -> key = each Website whose status URL does not point at
//                                        the node address it should (a node joined or went)
//   reconcile(key): read the Website and its children from the caches -> plan -> write (CAS)
import type { ApiObject, ConfigMap, Deployment, Node, Service } from "@skiff/api";
import { ownerKeys, splitKey, keyOf, type OperatorDefinition } from "@skiff/client";
import { plan, type Action } from "./plan.js";
import { KIND, type Website } from "./website.js";

/** The first node (by name) with an InternalIP: where the status URL points. */
export function nodeAddress(nodes: readonly Node[]): string | undefined {
  const sorted = [...nodes].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  for (const n of sorted) {
    const ip = n.status?.addresses?.find((a) => a.type === "InternalIP")?.address;
    if (ip) return ip;
  }
  return undefined;
}

/**
 * The Websites a Node event concerns: those whose status URL is not on the address the nodes now
 * give (none yet when the first node joins after the Website was made). Level-triggered: it asks
 * what is, not what changed, so a Website already right is not requeued on every Node update.
 */
export function staleUrls(websites: readonly Website[], nodes: readonly Node[]): string[] {
  const address = nodeAddress(nodes);
  if (!address) return [];
  return websites.filter((w) => !w.metadata.deletionTimestamp && !w.status?.url?.startsWith(`http://${address}:`)).map((w) => keyOf(w as ApiObject));
}

export const websiteController: OperatorDefinition = {
  name: "website-operator",
  watches: [
    { kind: KIND, keysFor: (site) => [keyOf(site)] },
    { kind: "ConfigMap", keysFor: ownerKeys(KIND) },
    { kind: "Deployment", keysFor: ownerKeys(KIND) },
    { kind: "Service", keysFor: ownerKeys(KIND) },
    { kind: "Node", keysFor: (_node, caches) => staleUrls(caches.for<Website>(KIND).list(), caches.for<Node>("Node").list()) },
  ],
  async reconcile(key, { informers, writer, log, now }) {
    const site = informers.for<Website>(KIND).get(key);
    if (!site) return; // deleted: its children carry its ownerReference, the garbage collector removes them
    const { namespace = "default" } = splitKey(key);
    const child = <T>(kind: string) => informers.for(kind).get(key) as T | undefined;
    const actions = plan(
      site,
      {
        configMap: child<ConfigMap>("ConfigMap"),
        deployment: child<Deployment>("Deployment"),
        service: child<Service>("Service"),
        nodeAddress: nodeAddress(informers.for<Node>("Node").list()),
      },
      now(),
    );
    for (const action of actions) {
      await apply(action, writer);
      log.info({ website: key, namespace, action: action.type, kind: action.object.kind }, "wrote");
    }
    log.debug({ website: key, writes: actions.length }, "reconciled");
  },
};

async function apply(action: Action, writer: Parameters<OperatorDefinition["reconcile"]>[1]["writer"]): Promise<void> {
  if (action.type === "create") await writer.create(action.object);
  else if (action.type === "update") await writer.update(action.object);
  else await writer.updateStatus(action.object);
}
