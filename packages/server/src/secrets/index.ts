// Secrets encrypted at rest: a keyring in the data dir and a Store wrapper that seals them.
export { EncryptingStore, SEALED_FIELD } from "./encrypting-store.js";
export { loadOrCreateKeyring, addPrimaryKey, KEY_FILE, type Keyring } from "./keyring.js";
