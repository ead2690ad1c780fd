// Create, list, update and delete a Deployment: the skiff version of client-go's
// examples/create-update-delete-deployment. Run against a server:
//
//   node examples/dist/create-deployment.js
//
// The update uses retryOnConflict (client-go's retry.RetryOnConflict): read the latest version,
// change it, write it back with its resourceVersion; if someone else wrote in between, the
// server answers with a conflict and we try again on a fresh copy.
import { SkiffError, type Deployment } from "@skiff/api";
import { retryOnConflict, SkiffClient } from "@skiff/client";

const client = new SkiffClient();
const deployments = client.deployments;
const namespace = "default";

async function main(): Promise<void> {
  const deployment = {
    metadata: { name: "my-deployment", namespace },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: "my-app" } },
      template: {
        metadata: { labels: { app: "my-app" } },
        spec: { containers: [{ name: "web", image: "nginx", ports: [{ name: "http", protocol: "TCP" as const, containerPort: 80 }] }] },
      },
    },
  };

  console.log("Creating deployment...");
  const created = await deployments.create(deployment);
  console.log(`Created deployment "${created.metadata.name}".`);

  await pause("list deployments");
  const { items } = await deployments.list({ namespace });
  for (const d of items) console.log(` * ${d.metadata.name} (${d.spec?.replicas ?? 1} replicas)`);

  await pause("update deployment");
  const updated = await retryOnConflict(async () => {
    // Always start from the latest version: a retry after a conflict must not reuse a stale copy.
    const latest: Deployment = await deployments.get("my-deployment", { namespace });
    if (!latest.spec) throw new Error("deployment has no spec");
    latest.spec.replicas = 2;
    const container = latest.spec.template.spec.containers[0];
    if (container) container.image = "nginx:1.25";
    return deployments.update(latest);
  });
  console.log(`Updated deployment: ${updated.spec?.replicas} replicas, image ${updated.spec?.template.spec.containers[0]?.image}.`);

  await pause("delete deployment");
  await deployments.delete("my-deployment", { namespace, propagationPolicy: "foreground" });
  console.log("Deleted deployment.");
}

/** client-go's example waits for Enter between steps; with --no-prompt (or no terminal) it does not. */
async function pause(next: string): Promise<void> {
  if (process.argv.includes("--no-prompt") || !process.stdin.isTTY) return;
  process.stdout.write(`-> Press Return key to ${next}.`);
  await new Promise<void>((resolve) => process.stdin.once("data", () => resolve()));
  process.stdin.pause();
}

main()
  .catch((err: unknown) => {
    console.error(err instanceof SkiffError ? `error: ${err.message}` : err);
    process.exitCode = 1;
  })
  .finally(() => client.close());
