#!/usr/bin/env -S node --max-semi-space-size=2
// The `skiff` executable (packages/cli/dist/main.js). All of it is in cli.ts, so tests can run
// commands in-process.
import { hideBin } from "yargs/helpers";
import { run } from "./cli.js";

process.exitCode = await run(hideBin(process.argv));
