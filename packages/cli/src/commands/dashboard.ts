// skiff dashboard [--open]: print (or open in a browser) a one-time login link to the web dashboard.
import { spawn } from "node:child_process";
import type { Argv, CommandModule } from "yargs";
import type { GlobalArgs } from "../context.js";
import { dashboardAccess, dashboardLoginUrl } from "../dashboard-link.js";

interface DashboardArgs extends GlobalArgs {
  open: boolean;
  url?: string;
}

export const dashboardCommand: CommandModule<GlobalArgs, DashboardArgs> = {
  command: "dashboard",
  describe: "Print a one-time login link to the web dashboard (or --open it in a browser)",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .option("open", { type: "boolean", default: false, describe: "Open the link with xdg-open (or open on macOS) as well" })
      .option("url", { type: "string", describe: "https://HOST:PORT of the server's Kubernetes API or --dashboard-listen (default: from the kubeconfig beside the client config)" })
      .example("skiff dashboard", "a link that works once, for a minute") as unknown as Argv<DashboardArgs>,
  handler: async (args) => {
    const link = await dashboardLoginUrl(dashboardAccess(process.env, args.url));
    process.stdout.write(`${link}\n(the link works once, within a minute; run 'skiff dashboard' again for another)\n`);
    if (args.open) {
      const opener = process.platform === "darwin" ? "open" : "xdg-open";
      spawn(opener, [link], { stdio: "ignore", detached: true }).on("error", () => process.stderr.write(`cannot run ${opener}: open the link yourself\n`)).unref();
    }
  },
};
