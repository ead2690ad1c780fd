// Merge keys per kind live in @skiff/api with strategic merge patch (the CLI patches too).
export { listStrategy, type ListStrategy } from "@skiff/api";
