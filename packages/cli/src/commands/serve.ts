import type { Command } from "../command.js";
import { exitCodes } from "../exit-codes.js";

export const serve: Command = {
  name: "serve",
  summary: "Run the token server on node:http: the Node example (examples/node), configured by the environment.",
  details: [
    "Variables (see the repository's examples/README.md): PORT (3000), HOST (127.0.0.1), OAUTH_ISSUER,",
    "OAUTH_CLIENTS or OAUTH_CLIENTS_FILE, OAUTH_PRIVATE_KEY or OAUTH_PRIVATE_KEY_FILE,",
    "OAUTH_PREVIOUS_PRIVATE_KEYS or OAUTH_PREVIOUS_PRIVATE_KEYS_FILE, OAUTH_ACCESS_TOKEN_TTL, OAUTH_AUDIENCE,",
    "OAUTH_DATABASE_URL. With OAUTH_DATABASE_URL, the clients, revocations and counters are those of that",
    "database, which the other commands manage, shared by every instance. Without it and OAUTH_CLIENTS it",
    "serves only a demo client, and without OAUTH_PRIVATE_KEY a key made at start-up, each with a warning.",
    "A configuration mistake stops it with one line naming the variable (exit code 1).",
  ],
  async run() {
    // The example's own module, bundled into dist/serve.js (scripts/bundle-serve.js): it reads the
    // environment and listens, and the process goes on serving once it has started.
    await import(new URL("../serve.js", import.meta.url).href);
    return exitCodes.done;
  },
};
