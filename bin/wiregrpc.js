#!/usr/bin/env node
// The `wiregrpc` command (see `wiregrpc --help`); the code lives in src/cli.
import { main } from "../dist/src/cli/main.js";

process.exitCode = main(process.argv.slice(2));
