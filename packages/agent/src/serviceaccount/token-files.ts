// The files a pod's container finds at /var/run/secrets/kubernetes.io/serviceaccount/ (as
// Kubernetes places them): `token`, `ca.crt`, `namespace`. The agent keeps them in one host
// directory per pod, bind-mounted read-only; each file is replaced by a rename, so a reader never
// sees half a token, and a rotated token appears in the running container (the mount is of the
// directory, whose entries the rename changes).
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";

export const SERVICE_ACCOUNT_MOUNT = "/var/run/secrets/kubernetes.io/serviceaccount";

export async function writeTokenFiles(dir: string, files: { token: string; caPem: string; namespace: string }): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o755 });
  const put = async (name: string, text: string) => {
    const tmp = join(dir, `.${name}.tmp`);
    // 0644: the container's user may be anyone (Kubernetes' projected volume default is 0644).
    await writeFile(tmp, text, { mode: 0o644 });
    await rename(tmp, join(dir, name));
  };
  await put("ca.crt", files.caPem);
  await put("namespace", files.namespace);
  await put("token", files.token);
}

export async function removeTokenFiles(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
