// What a controller may read of the shared informers: @skiff/api's CacheReader and Caches (an
// operator running as its own process reads its caches through the same interface).
export type { CacheReader, Caches } from "@skiff/api";
