// Create a Deployment with @kubernetes/client-node: the TypeScript twin of the first step of
// client-go's create-update-delete-deployment example. Kubernetes API only, so it runs unchanged
// against skiff (`skiff up` writes ~/.skiff/kubeconfig) or any Kubernetes cluster:
//
//   export KUBECONFIG=~/.skiff/kubeconfig       # or ~/.kube/config for a real cluster
//   node examples/dist/kubernetes-client/create-deployment.js
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
  const apps = kc.makeApiClient(k8s.AppsV1Api);

  // The selector must match the template's labels: that is how the Deployment finds its pods.
  const deployment: k8s.V1Deployment = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "my-deployment" },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: "my-app" } },
      template: {
        metadata: { labels: { app: "my-app" } },
        spec: {
          containers: [{ name: "web", image, ...(command ? { command } : {}), ports: [{ name: "http", protocol: "TCP", containerPort: 80 }] }],
        },
      },
    },
  };

  console.log(`Creating deployment in namespace "${namespace}" (server ${kc.getCurrentCluster()?.server})...`);
  try {
    const created = await apps.createNamespacedDeployment({ namespace, body: deployment });
    const spec = created.spec;
    console.log(`Created deployment "${created.metadata?.name}" (uid ${created.metadata?.uid}): ${spec?.replicas} replicas of ${spec?.template.spec?.containers[0]?.image}.`);
  } catch (err) {
    // 409 with reason AlreadyExists: a previous run made it. Anything else is a real error.
    if (!(err instanceof k8s.ApiException && err.code === 409)) throw err;
    console.log(`Deployment "my-deployment" already exists in namespace "${namespace}".`);
  }
}

run(main);
