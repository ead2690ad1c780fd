// `skiff kubeconfig --user alice`: the server's kubeconfig with a new API token for that user in
// place of the admin's, its user and context named `skiff-alice`, so the file can be handed to
// alice (or merged beside the admin's context) and kubectl acts as her, within her RBAC bindings.
import { parse, stringify } from "yaml";
import { parseDuration } from "@skiff/api";
import { withClient, type GlobalArgs } from "../context.js";
import { UserError } from "../errors.js";

interface KubeconfigDoc {
  users?: { name: string; user: Record<string, unknown> }[];
  contexts?: { name: string; context: { cluster: string; user: string; namespace?: string } }[];
  "current-context"?: string;
}

/** The kubeconfig text `ours` rewritten for `user` with `token`. Pure: tests call it. */
export function kubeconfigForUser(ours: string, user: string, token: string, namespace?: string): string {
  const doc = parse(ours) as KubeconfigDoc;
  const name = `skiff-${user.replace(/[^A-Za-z0-9._-]/g, "-")}`;
  const context = doc.contexts?.[0]?.context;
  if (!context) throw new UserError("the server's kubeconfig has no context: restart 'skiff server', which writes it again");
  doc.users = [{ name, user: { token } }];
  doc.contexts = [{ name, context: { ...context, user: name, ...(namespace ? { namespace } : {}) } }];
  doc["current-context"] = name;
  return `# Written by 'skiff kubeconfig --user ${user}': the REST API's address, CA and an API token of ${user}. Keep it private.\n${stringify(doc, { lineWidth: 0 })}`;
}

/** Make the token (through the API: the caller must be allowed to create tokens) and return the kubeconfig. */
export async function userKubeconfig(args: GlobalArgs & { user: string; group: string[]; ttl?: string }, ours: string): Promise<string> {
  const ttlSeconds = args.ttl === undefined ? undefined : parseDuration(args.ttl, "--ttl") / 1000;
  const created = await withClient(args, (client) =>
    client.tokens.create("api", { ttlSeconds, user: args.user, groups: args.group, description: `kubeconfig of ${args.user}` }),
  );
  return kubeconfigForUser(ours, args.user, created.token, args.namespace);
}
