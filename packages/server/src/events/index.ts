// Events: record what happened (recorder.ts), forget it after an hour (expiry.ts).
export { StoreEventRecorder, eventName, type EventRecorder, type EventType } from "./recorder.js";
export { EventExpiry, expiredEvents, DEFAULT_EVENT_TTL_MS } from "./expiry.js";
