// Create a Pod with @kubernetes/client-node: the TypeScript twin of client-go's "create a pod"
// example. It speaks only the Kubernetes API, so it runs unchanged against skiff's Kubernetes API
// (`skiff up` writes ~/.skiff/kubeconfig) or against any Kubernetes cluster:
//
//   export KUBECONFIG=~/.skiff/kubeconfig       # or ~/.kube/config for a real cluster
//   node examples/dist/kubernetes-client/create-pod.js
//
// IMAGE picks the image (default nginx). COMMAND, when set, replaces the image's command (split on
// spaces), for images that run no server of their own: IMAGE=skiff-test/busybox:1 COMMAND="sleep 3600".
import * as k8s from "@kubernetes/client-node";
import { loadKubeConfig, run } from "./common.js";

const namespace = "default";
const image = process.env.IMAGE || "nginx";
const command = process.env.COMMAND ? process.env.COMMAND.split(/\s+/).filter(Boolean) : undefined;

async function main(): Promise<void> {
  const kc = loadKubeConfig();
  const core = kc.makeApiClient(k8s.CoreV1Api);

  const pod: k8s.V1Pod = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "my-pod", labels: { app: "my-pod" } },
    spec: {
      containers: [{ name: "web", image, ...(command ? { command } : {}), ports: [{ containerPort: 80 }] }],
    },
  };

  console.log(`Creating pod in namespace "${namespace}" (server ${kc.getCurrentCluster()?.server})...`);
  try {
    // The namespace comes from the URL (POST /api/v1/namespaces/default/pods), not from the body.
    const created = await core.createNamespacedPod({ namespace, body: pod });
    console.log(`Created pod "${created.metadata?.name}" (uid ${created.metadata?.uid}, image ${created.spec?.containers[0]?.image}).`);
  } catch (err) {
    // 409 with reason AlreadyExists: a previous run made it. Anything else is a real error.
    if (!(err instanceof k8s.ApiException && err.code === 409)) throw err;
    console.log(`Pod "my-pod" already exists in namespace "${namespace}".`);
  }
}

run(main);
