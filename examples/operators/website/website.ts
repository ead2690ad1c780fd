// The Website kind as TypeScript sees it, and the names the operator uses. Pure.
import type { ApiObject } from "@skiff/api";

export const GROUP = "examples.skiff.dev";
export const VERSION = "v1";
export const PLURAL = "websites";
export const KIND = "Website";
/** The label on everything a Website makes, and the Deployment's selector. */
export const WEBSITE_LABEL = "examples.skiff.dev/website";
export const PAGE_KEY = "index.html";
export const HTTP_PORT = 8080;

export interface WebsiteSpec {
  image: string;
  replicas?: number;
  message?: string;
}

export interface WebsiteCondition {
  type: "Ready" | "Progressing";
  status: "True" | "False" | "Unknown";
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

export interface WebsiteStatus {
  observedGeneration?: number;
  readyReplicas?: number;
  url?: string;
  conditions?: WebsiteCondition[];
}

export type Website = ApiObject<WebsiteSpec, WebsiteStatus> & { spec: WebsiteSpec };

/** The page a Website serves: its message, as HTML. */
export function page(message: string): string {
  const escaped = message.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] ?? c);
  return `<!doctype html>\n<title>${escaped}</title>\n<h1>${escaped}</h1>\n`;
}
