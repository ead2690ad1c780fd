// Owner references as the work queues use them: which controller's key an object's change
// requeues, and an object's own key. The references themselves (controllerRef, controllerOf,
// isControlledBy) are @skiff/api's owners.ts, shared with the client and the CLI. Pure.
export { controllerRef, controllerOf, isControlledBy } from "@skiff/api";
// The keys are @skiff/api's too (controllers/keys.ts), shared with operators run as their own process.
export { ownerKeys, keyOf, splitKey } from "@skiff/api";

