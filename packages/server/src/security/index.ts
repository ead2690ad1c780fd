// The cluster's security (docs/security.md): CA, tokens, who may call what, refusals logged once.
export { loadOrCreateCA, issueServerCertificate, issueAgentClientCertificate, issueNodeCertificate, certificateExpiry, NODE_CERT_TTL_MS, type ClusterCA, type KeyPairPem } from "./ca.js";
export { TokenStore, verifyToken, type TokenRecord, type TokenUsage } from "./tokens.js";
export { RefusalLog } from "./refusals.js";
export { authInterceptor, bearerRefusal, secureNodeAuth, INSECURE_NODE_AUTH, type NodeAuth } from "./auth.js";
export { listenTlsFirst, serverCredentials, type TlsListener } from "./listener.js";
export { writeClientConfig, readAdminToken, ADMIN_CONFIG_FILE } from "./client-config.js";
export { Enrollment } from "./enrollment.js";
export { prepareSecurity, clientAddress, type ServerSecurity } from "./setup.js";
export { nodeOfCertificate, checkSameNode } from "./node-identity.js";
export { kubeconfigText, writeKubeconfig, kubeServerUrl, ADMIN_KUBECONFIG_FILE, KUBECONFIG_CLUSTER, KUBECONFIG_USER, type KubeconfigContent } from "./kubeconfig.js";
export { secureAgentDialer, INSECURE_AGENT_DIALER, agentCertificateError, type AgentDialer } from "./agent-channel.js";
