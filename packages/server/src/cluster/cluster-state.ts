// Where the cluster's own state lives: the Secret keyring, the CA, the tokens, the admin token.
// With LevelDB (one server), files in the data dir, as always. On etcd, in etcd (etcd-cluster-
// state.ts), sealed with the cluster key where secret, so every server sharing the etcd is the
// same cluster: the first server to start makes them, the others read them.
import { LOCAL_AGENT_SECRETS, SharedAgentSecrets, type AgentSecrets } from "./agent-secrets.js";
import { join } from "node:path";
import type { EtcdStoreOptions } from "@skiff/store";
import { createEtcdClient, DEFAULT_ETCD_PREFIX } from "@skiff/store";
import type { Component } from "../components.js";
import type { Logger } from "../log.js";
import { access, readFile } from "node:fs/promises";
import { addPrimaryKey, loadOrCreateKeyring, KEY_FILE, type Keyring } from "../secrets/index.js";
import { keyringFromText, newKeyFile, withNewPrimary, type KeyFile } from "../secrets/keyring.js";
import { TokenStore } from "../security/tokens.js";
import { readIfThere } from "../security/client-config.js";
import type { SecuritySources } from "../security/setup.js";
import { loadOrCreateCA, makeCA, PKI_DIR, type ClusterCA } from "../security/ca.js";
import { CLUSTER_KEY_FILE, ClusterKeyError, deriveClusterKey, makeClusterKeyFile, readClusterKeyFile } from "./cluster-key.js";
import { EtcdClusterState, clusterStateRoot } from "./etcd-cluster-state.js";
import { etcdTokenStore } from "./etcd-tokens.js";
import { ServerDirectory } from "./server-directory.js";

/** What security/setup.ts needs of the cluster's state. */
export type SecurityState = SecuritySources;

export interface ClusterState {
  keyring: Keyring;
  /** A new primary key for Secrets, kept where the keyring is. */
  rotateKeyring(): Promise<Keyring>;
  /** The CA, tokens and admin token (not read with --insecure). */
  security(): Promise<SecurityState>;
  servers: ServerDirectory;
  /** The agents' logs/exec secrets, shared by every server (agent-secrets.ts). */
  agentSecrets: AgentSecrets;
  /** Long-lived parts (watches of tokens and servers, the server's own entry). */
  components(log: Logger): Component[];
  close(): void;
}

export interface ClusterStateOptions {
  dataDir: string;
  etcd?: EtcdStoreOptions;
  /** The cluster key's file (etcd only); default `<data-dir>/cluster.key`, made by the first server. */
  encryptionKeyFile?: string;
}

export function openClusterState(options: ClusterStateOptions, log: Logger): Promise<ClusterState> {
  return options.etcd ? openEtcdState(options.etcd, options, log) : openLocalState(options.dataDir);
}

async function openLocalState(dataDir: string): Promise<ClusterState> {
  return {
    keyring: await loadOrCreateKeyring(dataDir),
    rotateKeyring: () => addPrimaryKey(dataDir),
    security: async () => ({ ca: await loadOrCreateCA(dataDir), tokens: await TokenStore.open(dataDir), adminToken: (make) => make() }),
    servers: new ServerDirectory(),
    agentSecrets: LOCAL_AGENT_SECRETS,
    components: () => [],
    close: () => undefined,
  };
}

async function openEtcdState(etcd: EtcdStoreOptions, options: ClusterStateOptions, log: Logger): Promise<ClusterState> {
  const client = createEtcdClient(etcd);
  const root = clusterStateRoot(etcd.prefix ?? DEFAULT_ETCD_PREFIX);
  try {
    const key = await clusterKey(new EtcdClusterState(client, root, Buffer.alloc(32), etcd.endpoints), options, root, log);
    const state = new EtcdClusterState(client, root, key, etcd.endpoints);
    // A server that ran on etcd before the state moved there brings its data dir's keyring and CA.
    const keyring = await state.readOrCreate("keyring", async () => state.seal("keyring", (await readIfThere(join(options.dataDir, KEY_FILE))) ?? JSON.stringify(newKeyFile())));
    if (keyring.made) log.info({ where: `${root}keyring` }, "new cluster: Secret encryption keyring made in etcd (sealed with the cluster key)");
    const servers = new ServerDirectory(state);
    let tokenFollower: Component | undefined;
    return {
      keyring: keyringFromText(state.open("keyring", keyring.value), `etcd ${root}keyring`),
      rotateKeyring: async () => {
        const next = await state.replace("keyring", (sealed) => state.seal("keyring", JSON.stringify(withNewPrimary(JSON.parse(state.open("keyring", sealed)) as KeyFile))));
        return keyringFromText(state.open("keyring", next), `etcd ${root}keyring`);
      },
      security: async () => {
        const ca = await sharedCA(state, options.dataDir);
        const { tokens, follow } = await etcdTokenStore(state, log, () => TokenStore.open(options.dataDir));
        tokenFollower = follow;
        return {
          ca,
          tokens,
          adminToken: async (make) => {
            let made: string | undefined;
            const stored = await state.readOrCreate("admin-token", async () => state.seal("admin-token", (made = await make())));
            // Another server made the admin token first: the one made here is not needed.
            if (!stored.made && made) await tokens.revoke(made.split(".")[0]!);
            return state.open("admin-token", stored.value);
          },
        };
      },
      servers,
      agentSecrets: new SharedAgentSecrets(state),
      components: (componentLog) => [...(tokenFollower ? [tokenFollower] : []), ...servers.components(componentLog)],
      close: () => client.close(),
    };
  } catch (err) {
    client.close();
    throw err;
  }
}

/** The CA: the certificate in the clear (it is public), its key sealed. */
async function sharedCA(state: EtcdClusterState, dataDir: string): Promise<ClusterCA> {
  const stored = await state.readOrCreate("ca", async () => {
    const ca = (await exists(join(dataDir, PKI_DIR, "ca.key"))) ? await loadOrCreateCA(dataDir) : await makeCA();
    return JSON.stringify({ certPem: ca.certPem, keyPem: state.seal("ca-key", ca.keyPem), hash: ca.hash });
  });
  const { certPem, keyPem, hash } = JSON.parse(stored.value) as ClusterCA;
  return { certPem, keyPem: state.open("ca-key", keyPem), hash };
}

/**
 * The cluster key from its file. A missing default file is made when etcd holds no cluster yet
 * (the first server); when etcd already holds one, the key must come from the server that made it.
 */
async function clusterKey(probe: EtcdClusterState, options: ClusterStateOptions, root: string, log: Logger): Promise<Buffer> {
  const path = options.encryptionKeyFile ?? join(options.dataDir, CLUSTER_KEY_FILE);
  const text = await readClusterKeyFile(path);
  if (text !== undefined) return deriveClusterKey(text, path);
  if (options.encryptionKeyFile) throw new ClusterKeyError(`the cluster key file ${path} (--encryption-key-file) does not exist`);
  if ((await probe.read("keyring")) !== undefined) {
    throw new ClusterKeyError(
      `etcd already holds a cluster under ${root}, sealed with its cluster key, and this server has none: copy the key file of the first server (its <data-dir>/${CLUSTER_KEY_FILE}) and pass it with --encryption-key-file`,
    );
  }
  log.info({ path }, "new cluster on etcd: cluster key made; give this file to every other server (--encryption-key-file)");
  return deriveClusterKey(await makeClusterKeyFile(path), path);
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}
