#!/usr/bin/env node
// tessera-runtime <deno|bun|workerd> [arguments…]: runs that runtime from npm (see ../src/cli.ts).
import { main } from "../dist/cli.js";

main(process.argv.slice(2));
