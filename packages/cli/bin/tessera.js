#!/usr/bin/env node
// tessera <command> [options]: see ../README.md, or `tessera --help`.
import { main } from "../dist/main.js";

process.exitCode = await main(process.argv.slice(2));
