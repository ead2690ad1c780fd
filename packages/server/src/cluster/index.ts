// The cluster's own state (keyring, CA, tokens, server list): files with LevelDB, etcd when shared.
export { openClusterState, type ClusterState, type ClusterStateOptions, type SecurityState } from "./cluster-state.js";
export { CLUSTER_KEY_FILE, ClusterKeyError } from "./cluster-key.js";
export { clusterStateRoot } from "./etcd-cluster-state.js";
export { ServerDirectory, serverList } from "./server-directory.js";
