// A ServiceAccount as kubectl describes it: its pull and token Secrets (skiff projects tokens
// into pods, so the list of token Secrets is normally empty), and whether pods get a token.
import type { ApiObject, ServiceAccount } from "@skiff/api";
import type { DescribeWriter } from "./writer.js";

export function describeServiceAccount(obj: ApiObject, w: DescribeWriter): void {
  const sa = obj as ServiceAccount;
  const names = (list: { name?: string }[] | undefined) => (list?.length ? list.map((s) => s.name ?? "").join(", ") : "<none>");
  w.field("Image pull secrets", names(sa.imagePullSecrets));
  w.field("Mountable secrets", names(sa.secrets));
  w.field("Tokens", "<none>");
  w.field("Automount token", sa.automountServiceAccountToken === false ? "false" : "true");
}
