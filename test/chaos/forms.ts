// The sizes of each chaos scenario in each form, chosen by environment variables that
// `npm run chaos` sets (scripts/chaos/main.mjs):
//   CHAOS_FORM       short (the default: CI's form), full (`npm run chaos`), long (`--long`)
//   CHAOS_SCENARIOS  which to run, comma-separated (r1,r2,r3,r6,r7); default: all of the form's
//   CHAOS_R6_MINUTES R6's length, to try it quickly (3 at least: its baseline is the second minute,
//                    compared with the last)
import type { R1Options } from "./r1-server-kills.js";
import type { R2Options } from "./r2-agent-restarts.js";
import type { R3Options } from "./r3-partition.js";
import type { R6Options } from "./r6-churn.js";
import type { R7Options } from "./r7-ha-failover.js";

export type FormName = "short" | "full" | "long";
export type Scenario = "r1" | "r2" | "r3" | "r6" | "r7";
const SCENARIOS: Scenario[] = ["r1", "r2", "r3", "r6", "r7"];

export interface Form {
  name: FormName;
  scenarios: Scenario[];
  r1: R1Options;
  r2: R2Options;
  r3: R3Options;
  r6: R6Options;
  r7: R7Options;
}

// The short form makes every kind of fault at least once, and a leader SIGKILL twice (the second
// hits a server that may have been restarted); more of each, for odds, is the full form's job.
const SHORT: Omit<Form, "name" | "scenarios"> = {
  r1: { replicas: 10, moments: 3, agents: 2, maxSurge: 1, maxUnavailable: 1, timeoutMs: 90_000 },
  r2: { restarts: 2, replicas: 6, agents: 2 },
  r3: { replicas: 4 },
  r6: { minutes: 3, opsPerSecond: 20, agents: 2, sampleEveryMs: 5_000 },
  r7: { replicas: 6, maxSurge: 1, maxUnavailable: 1, agents: 3, leaderKills: 2, leaderTerms: 1, etcdKills: 1, agentKills: 1, timeoutMs: 90_000 },
};

const FULL: Omit<Form, "name" | "scenarios"> = {
  r1: { replicas: 50, moments: 20, agents: 2, maxSurge: 2, maxUnavailable: 1, timeoutMs: 300_000 },
  r2: { restarts: 10, replicas: 6, agents: 2 },
  r3: { replicas: 4 },
  r6: { minutes: 10, opsPerSecond: 20, agents: 2, sampleEveryMs: 5_000 },
  r7: { replicas: 30, maxSurge: 2, maxUnavailable: 1, agents: 3, leaderKills: 20, leaderTerms: 3, etcdKills: 2, agentKills: 2, timeoutMs: 300_000 },
};

export function chaosForm(env: NodeJS.ProcessEnv = process.env): Form {
  const name = (env.CHAOS_FORM ?? "short") as FormName;
  if (!["short", "full", "long"].includes(name)) throw new Error(`CHAOS_FORM: ${name} is not short, full or long`);
  const sizes = name === "short" ? SHORT : FULL;
  const minutes = Number(env.CHAOS_R6_MINUTES) || (name === "long" ? 60 : sizes.r6.minutes);
  if (minutes < 3) throw new Error(`CHAOS_R6_MINUTES: ${minutes} is less than 3 (R6 compares its last minute with its second)`);
  // The short form is CI's: R6 takes minutes, so it runs only when asked for. R7 (HA) is
  // `npm run chaos -- ha` at full size, not part of `single`.
  const all: Scenario[] = name === "short" ? ["r1", "r2", "r3", "r7"] : ["r1", "r2", "r3", "r6"];
  const scenarios = env.CHAOS_SCENARIOS ? (env.CHAOS_SCENARIOS.split(",").map((s) => s.trim()) as Scenario[]) : all;
  for (const s of scenarios) if (!SCENARIOS.includes(s)) throw new Error(`CHAOS_SCENARIOS: ${s} is not one of ${SCENARIOS.join(", ")}`);
  return { name, scenarios, ...sizes, r6: { ...sizes.r6, minutes } };
}
