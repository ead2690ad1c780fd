// What changed between a cache and a fresh list: @skiff/api's diffCache (controllers/diff.ts),
// shared with the SDK's informers.
export { diffCache, type CacheDiff, type CacheEntries } from "@skiff/api";
