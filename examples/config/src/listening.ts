import { ConfigError } from "./config-error.js";
import type { ExampleConfig } from "./load-config.js";

/**
 * The part of a `net.Server` (what `http.createServer` and `@hono/node-server`'s `serve` return)
 * that {@link whenListening} uses; typed structurally so this package imports nothing from Node.
 */
export interface ListeningServer {
  once(event: "listening", listener: () => void): unknown;
  once(event: "error", listener: (error: Error) => void): unknown;
  removeListener(event: "listening", listener: () => void): unknown;
  removeListener(event: "error", listener: (error: Error) => void): unknown;
  address(): { readonly port: number } | string | null;
}

/**
 * Settles when `server`, on which `listen()` has just been called, is listening: resolves with
 * the port (the one the system picked, for `PORT=0`). A port in use or an address that is not
 * this machine's rejects with a {@link ConfigError} naming `PORT` or `HOST`; any other failure
 * rejects as it is.
 */
export function whenListening(server: ListeningServer, config: Pick<ExampleConfig, "port" | "host">): Promise<number> {
  return new Promise((resolve, reject) => {
    const onListening = () => {
      server.removeListener("error", onError);
      const address = server.address();
      resolve(typeof address === "object" && address !== null ? address.port : config.port);
    };
    const onError = (error: Error) => {
      server.removeListener("listening", onListening);
      reject(listenError(error, config));
    };
    server.once("listening", onListening);
    server.once("error", onError);
  });
}

function listenError(error: Error, { port, host }: Pick<ExampleConfig, "port" | "host">): Error {
  switch ((error as { code?: unknown }).code) {
    case "EADDRINUSE":
      return new ConfigError("PORT", `port ${port} is already in use on ${host}`);
    case "EACCES":
      return new ConfigError("PORT", `no permission to listen on port ${port}`);
    case "EADDRNOTAVAIL":
      return new ConfigError("HOST", `${host} is not an address of this machine`);
    case "ENOTFOUND":
    case "EAI_AGAIN":
    case "EAI_FAIL":
      return new ConfigError("HOST", `${host} does not resolve to an address`);
    default:
      return error;
  }
}
