// What a Website calls for: its ConfigMap (the page), Deployment (busybox httpd serving the
// ConfigMap, mounted at /www) and NodePort Service, each owned by the Website (controller: true,
// so deleting the Website lets the garbage collector remove them). Pure: a Website in, objects out.
import { controllerRef, type ConfigMap, type Deployment, type Service } from "@skiff/api";
import { HTTP_PORT, PAGE_KEY, WEBSITE_LABEL, page, type Website } from "./website.js";

export interface Children {
  configMap: ConfigMap;
  deployment: Deployment;
  service: Service;
}

export function desiredChildren(site: Website): Children {
  const { name, namespace } = site.metadata;
  const labels = { [WEBSITE_LABEL]: name, "app.kubernetes.io/managed-by": "website-operator" };
  const metadata = () => ({ name, namespace, labels: { ...labels }, ownerReferences: [controllerRef(site)] });
  const selector = { [WEBSITE_LABEL]: name };
  const configMap: ConfigMap = { apiVersion: "v1", kind: "ConfigMap", metadata: metadata(), data: { [PAGE_KEY]: page(site.spec.message ?? "") } };
  const deployment: Deployment = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: metadata(),
    spec: {
      replicas: site.spec.replicas ?? 1,
      selector: { matchLabels: selector },
      template: {
        metadata: { labels: { ...selector } },
        spec: {
          terminationGracePeriodSeconds: 2,
          containers: [
            {
              name: "web",
              image: site.spec.image,
              // The ConfigMap is mounted at /www: a change of message reaches the running pods as a
              // file (the agent rewrites ConfigMap volumes in place), no restart needed.
              command: ["httpd", "-f", "-p", String(HTTP_PORT), "-h", "/www"],
              ports: [{ name: "http", containerPort: HTTP_PORT }],
              readinessProbe: { httpGet: { path: "/", port: "http" }, periodSeconds: 1 },
              volumeMounts: [{ name: "page", mountPath: "/www" }],
            },
          ],
          volumes: [{ name: "page", configMap: { name } }],
        },
      },
    },
  } as Deployment;
  const service: Service = {
    apiVersion: "v1",
    kind: "Service",
    metadata: metadata(),
    spec: { type: "NodePort", selector: { ...selector }, ports: [{ name: "http", port: 80, targetPort: "http" }] },
  } as Service;
  return { configMap, deployment, service };
}
