// One bench server on its own, for scripts/cpu-per-token.sh: `node serve.mjs minimal|lean` listens
// on 127.0.0.1:$PORT with the key in $BENCH_KEY_FILE (PKCS#8 PEM) for the algorithm $ALG. Build first (`npx tsc -b`).
import { readFileSync } from "node:fs";
import { minimalServer } from "../dist/servers/minimal.js";
import { tesseraNodeServer } from "../dist/servers/tessera.js";

const alg = process.env.ALG ?? "RS256";
const pem = readFileSync(process.env.BENCH_KEY_FILE, "utf8");
const kind = process.argv[2];
const server = kind === "minimal" ? await minimalServer(alg, pem) : kind === "lean" ? await tesseraNodeServer(pem) : undefined;
if (server === undefined) throw new Error(`expected minimal or lean, not ${kind}`);
server.listen(Number(process.env.PORT), "127.0.0.1");
process.on("SIGTERM", () => process.exit(0));
