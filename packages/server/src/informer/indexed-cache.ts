// The informer's indexed cache lives in @skiff/api (controllers/indexed-cache.ts), shared with
// the SDK's informers for operators that run as their own process.
export { IndexedCache, type IndexFunc, type Indexers } from "@skiff/api";
