// Create a Pod, read it back, and delete it: what client-go's "create pod" examples do, with
// the skiff SDK. Run against a server (`skiff server` or `skiff up`):
//
//   node examples/dist/create-pod.js [--keep]
//
// The server address comes from SKIFF_SERVER, ~/.skiff/config, or 127.0.0.1:7443.
import { AlreadyExistsError, SkiffError, type Pod } from "@skiff/api";
import { SkiffClient } from "@skiff/client";

const keep = process.argv.includes("--keep");
const client = new SkiffClient();

async function main(): Promise<void> {
  // apiVersion and kind are optional: the typed client `client.pods` fills them in.
  const pod = {
    metadata: { name: "my-pod", namespace: "default", labels: { app: "my-pod" } },
    spec: { containers: [{ name: "nginx", image: "nginx", ports: [{ containerPort: 80 }] }] },
  };

  console.log("Creating pod...");
  try {
    const created: Pod = await client.pods.create(pod);
    console.log(`Created pod "${created.metadata.name}" (uid ${created.metadata.uid}).`);
  } catch (err) {
    // Left over from a run with --keep: carry on with the existing pod.
    if (!(err instanceof AlreadyExistsError)) throw err;
    console.log(`Pod "my-pod" already exists; using it (delete it with 'skiff delete pod my-pod').`);
  }

  // Read it back: the status is what the scheduler and the node agent have recorded so far.
  const got = await client.pods.get("my-pod", { namespace: "default" });
  console.log(`Pod "${got.metadata.name}": phase ${got.status?.phase ?? "Pending"}, uid ${got.metadata.uid}`);

  if (keep) {
    console.log("Keeping the pod (--keep). Watch it with 'skiff get pods -w'.");
    return;
  }
  console.log("Deleting pod...");
  await client.pods.delete("my-pod", { namespace: "default" });
  console.log(`Deleted pod "my-pod".`);
}

main()
  .catch((err: unknown) => {
    // The SDK's errors are named classes with readable messages (e.g. the server is not running).
    console.error(err instanceof SkiffError ? `error: ${err.message}` : err);
    process.exitCode = 1;
  })
  .finally(() => client.close());
