// The skiff version, reported by Health and by `skiff version`.
export const VERSION = "0.1.0";
