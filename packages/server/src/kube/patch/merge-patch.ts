// RFC 7386 merge patch lives in @skiff/api (the CLI patches too).
export { mergePatch } from "@skiff/api";
