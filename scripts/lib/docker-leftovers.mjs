// Removing what a skiff node left on Docker once its agent is dead: its containers, volumes and
// bridge network. Shared by the benchmarks (scripts/bench) and the e2e tests (test/support). A
// leaked `skiff-<node>` network keeps its subnet, so later clusters on the same plan lose theirs.
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const exec = promisify(execFile);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const lines = (text) => text.split("\n").filter(Boolean);

/** Remove (with their anonymous volumes) the containers matching a `docker ps --filter`. */
export async function removeContainers(filter) {
  const ids = lines((await exec("docker", ["ps", "-aq", "--filter", filter])).stdout);
  for (let i = 0; i < ids.length; i += 50) await exec("docker", ["rm", "-f", "-v", ...ids.slice(i, i + 50)]);
}

/**
 * Remove a network and wait until `docker network inspect` no longer finds it: dockerd may hold a
 * removed container's endpoint for a moment, and `network rm` fails meanwhile. Retries for up to
 * `timeoutMs`; a network still there then is reported on stderr. True when it is gone.
 */
export async function removeNetwork(name, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let why = "";
  for (;;) {
    why = await exec("docker", ["network", "rm", name]).then(() => "", (err) => String(err.stderr || err.message).trim().split("\n")[0]);
    if (await networkGone(name)) return true;
    if (Date.now() > deadline) break;
    await sleep(250);
  }
  console.error(`docker network ${name} is still there after ${timeoutMs / 1000} s (${why || "no error from docker network rm"}): remove it by hand`);
  return false;
}

async function networkGone(name) {
  try {
    // Docker also matches an id prefix: only a network of exactly this name counts.
    const { stdout } = await exec("docker", ["network", "inspect", "--format", "{{.Name}}", name]);
    return stdout.trim() !== name;
  } catch (err) {
    // Any other failure (dockerd not answering) is not proof that it is gone.
    return /no such network|not found/i.test(String(err.stderr ?? ""));
  }
}

/** A dead node's containers and volumes (by the skiff.node label), then its network. */
export async function removeNodeLeftovers(node, timeoutMs = 30_000) {
  const filter = `label=skiff.node=${node}`;
  await removeContainers(filter).catch(() => undefined);
  // An agent killed before it removed its pods' volumes (claims carry no container).
  const volumes = lines((await exec("docker", ["volume", "ls", "-q", "--filter", filter]).catch(() => ({ stdout: "" }))).stdout);
  if (volumes.length) await exec("docker", ["volume", "rm", "-f", ...volumes]).catch(() => undefined);
  return removeNetwork(`skiff-${node}`, timeoutMs);
}
