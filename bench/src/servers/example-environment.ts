/**
 * The environment the examples are configured with in the bench (examples/README.md): the bench
 * issuer, the bench client as the one client, the run's key, and the store: `memory` (what
 * `pnpm start` gives) or `postgres` (`OAUTH_DATABASE_URL`: clients cached, revocations in a local
 * copy, the lockout's counters in the database; see {@link exampleStores}).
 */
import { benchClient, issuer } from "../fixture.js";

/** Where an example keeps its state. */
export type ExampleStore = "memory" | "postgres";

/**
 * The stores a run starts the examples with: `memory`, and `postgres` too when
 * `BENCH_DATABASE_URL` is set. That variable is handed to the example as `OAUTH_DATABASE_URL`; the
 * bench does not yet prove that the example used it (see the README: an example that said which
 * store it uses on start-up would let the bench check it).
 */
export function exampleStores(): ExampleStore[] {
  return process.env.BENCH_DATABASE_URL === undefined || process.env.BENCH_DATABASE_URL === "" ? ["memory"] : ["memory", "postgres"];
}

/** The examples' variables for the run's key of the group's algorithm. */
export function exampleEnvironment(privateKeyPem: string, store: ExampleStore = "memory"): Record<string, string> {
  const clients = { clients: [{ client_id: benchClient.clientId, client_secret: benchClient.clientSecret, scope: benchClient.scope }] };
  return {
    OAUTH_ISSUER: issuer,
    OAUTH_CLIENTS: JSON.stringify(clients),
    OAUTH_PRIVATE_KEY: privateKeyPem,
    ...storeEnvironment(store),
  };
}

function storeEnvironment(store: ExampleStore): Record<string, string> {
  switch (store) {
    case "memory":
      return {};
    case "postgres": {
      const url = process.env.BENCH_DATABASE_URL;
      if (url === undefined || url === "") throw new Error("the postgres examples need BENCH_DATABASE_URL");
      return { OAUTH_DATABASE_URL: url };
    }
  }
}
