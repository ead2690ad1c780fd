// skiff token list: ID, USAGE, TTL left, USAGES, USER (API tokens), DESCRIPTION. Never a secret: the server has none.
import type { Argv, CommandModule } from "yargs";
import { withClient, type GlobalArgs } from "../../context.js";

export const listCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: "list",
  describe: "List the tokens (not their secrets)",
  builder: (y: Argv<GlobalArgs>) => y,
  handler: async (args) => {
    const tokens = await withClient(args, (client) => client.tokens.list());
    const now = Date.now();
    const rows = [["ID", "USAGE", "TTL", "USAGES", "USER", "DESCRIPTION"]];
    for (const t of tokens) rows.push([t.id, t.usage, ttlLeft(t.expires, now), String(t.usages), t.user ?? "", t.description ?? ""]);
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    process.stdout.write(rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join("   ").trimEnd() + "\n").join(""));
  },
};

/** `23h`, `59m`, `40s`, `<forever>` or `<expired>`, as kubeadm's TTL column. */
export function ttlLeft(expires: string | undefined, now: number): string {
  if (!expires) return "<forever>";
  const s = Math.floor((Date.parse(expires) - now) / 1000);
  if (s <= 0) return "<expired>";
  if (s >= 86_400) return `${Math.floor(s / 86_400)}d`;
  if (s >= 3600) return `${Math.floor(s / 3600)}h`;
  if (s >= 60) return `${Math.floor(s / 60)}m`;
  return `${s}s`;
}
