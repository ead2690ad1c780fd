// docker-compose.yml's `monitoring` profile (Prometheus and Grafana, issue 15) as files: their
// images come from Docker Hub, which this machine cannot reach, so the profile is checked for
// what can be checked offline: compose accepts the file with the profile, only the two
// monitoring services are in it, Prometheus scrapes exactly the addresses the server and agents
// serve /metrics on (compose.test.ts fetches those from a running cluster), and Grafana's mounts,
// data source and dashboard fit together.
import { execFile } from "node:child_process";
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { REPO } from "./support/skiff.js";

const exec = promisify(execFile);

interface Service {
  profiles?: string[];
  command?: string[];
  volumes?: string[];
  environment?: Record<string, string>;
}

/** `${VAR:-default}` as compose resolves it with VAR unset. */
const defaults = (s: string) => s.replace(/\$\{[A-Z_]+:-([^}]*)\}/g, "$1");
const flag = (command: string[] | undefined, name: string) => defaults(command?.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? "");

describe("docker-compose.yml's monitoring profile", async () => {
  const compose = parse(await readFile(join(REPO, "docker-compose.yml"), "utf8")) as { services: Record<string, Service> };
  const services = compose.services;

  it("is accepted by compose, and holds Prometheus and Grafana only", async () => {
    const { stdout } = await exec("bash", [join(REPO, "scripts/compose.sh"), "-f", join(REPO, "docker-compose.yml"), "--profile", "monitoring", "config"], { cwd: REPO });
    expect(stdout).toContain("prom/prometheus");
    const inProfile = Object.entries(services).filter(([, s]) => s.profiles?.includes("monitoring")).map(([name]) => name);
    expect(inProfile.sort()).toEqual(["grafana", "prometheus"]);
    // The cluster's own services run without the profile.
    for (const name of ["server", "join", "agent-1", "agent-2", "agent-3"]) expect(services[name]?.profiles, name).toBeUndefined();
  }, 60_000);

  it("scrapes exactly where the server and each agent serve /metrics", async () => {
    const prometheus = parse(await readFile(join(REPO, "docs/monitoring/prometheus.yml"), "utf8")) as { scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[] };
    const targets = (job: string) => prometheus.scrape_configs.find((c) => c.job_name === job)?.static_configs.flatMap((c) => c.targets);
    expect(targets("skiff-server")).toEqual([flag(services.server?.command, "metrics-listen")]);
    expect(targets("skiff-agent")).toEqual(["agent-1", "agent-2", "agent-3"].map((a) => flag(services[a]?.command, "metrics-listen")));
    // Grafana's data source is that Prometheus.
    const listen = flag(services.prometheus?.command, "web.listen-address");
    const datasource = parse(await readFile(join(REPO, "docs/monitoring/grafana-datasource.yml"), "utf8")) as { datasources: { type: string; url: string }[] };
    expect(datasource.datasources).toEqual([expect.objectContaining({ type: "prometheus", url: `http://${listen}` })]);
  });

  it("mounts files that exist, and loads the dashboard, whose panels pick that data source", async () => {
    for (const volume of [...(services.prometheus?.volumes ?? []), ...(services.grafana?.volumes ?? [])]) {
      const [from = ""] = volume.split(":");
      expect((await stat(join(REPO, from))).isFile(), from).toBe(true);
    }
    const dashboard = JSON.parse(await readFile(join(REPO, "docs/grafana-dashboard.json"), "utf8")) as { templating: { list: { type: string; query: string }[] }; panels: unknown[] };
    expect(dashboard.templating.list).toContainEqual(expect.objectContaining({ type: "datasource", query: "prometheus" }));
    expect(dashboard.panels.length).toBeGreaterThan(0);
    expect(services.grafana?.environment?.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH).toBe("/var/lib/grafana/dashboards/skiff.json");
    expect(services.grafana?.volumes).toContain("./docs/grafana-dashboard.json:/var/lib/grafana/dashboards/skiff.json:ro");
  });
});
