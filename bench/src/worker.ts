/**
 * One bench target, run as a child process with an IPC channel:
 * `node dist/worker.js <target> <alg>`. An HTTP target listens on 127.0.0.1 (an ephemeral
 * port); an in-process target checks its operation and then runs it when told. Either says
 * `ready`, then answers the parent's commands (see protocol.ts), and exits as soon as the
 * parent goes away, so it never outlives the run.
 */
import { once } from "node:events";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { isAlg, keysFromEnvironment, type Alg } from "./fixture.js";
import { runRound, soak, type Operation } from "./inprocess/loop.js";
import { prepare } from "./inprocess/operations.js";
import { stats, type Command, type Reply } from "./protocol.js";
import { jmondiServer } from "./servers/jmondi.js";
import { minimalServer } from "./servers/minimal.js";
import { oidcProviderServer } from "./servers/oidc-provider.js";
import { tesseraHonoServer, tesseraNodeServer } from "./servers/tessera.js";
import { tesseraStoresServer } from "./stores/servers.js";
import { isHttpTarget, isInProcessTarget, type HttpTarget } from "./targets.js";

const hostname = "127.0.0.1";

async function listen(target: HttpTarget, alg: Alg, pem: string): Promise<number> {
  let server: Server;
  switch (target) {
    case "minimal":
      server = await minimalServer(alg, pem);
      break;
    case "tessera-node":
      server = await tesseraNodeServer(pem);
      break;
    case "tessera-hono":
      server = await tesseraHonoServer(pem, 0, hostname);
      break;
    case "oidc-provider":
      server = oidcProviderServer(pem);
      break;
    case "jmondi":
      server = jmondiServer(pem);
      break;
    case "tessera-node-memory":
      server = await tesseraStoresServer(pem, "memory");
      break;
    case "tessera-node-postgres":
      server = await tesseraStoresServer(pem, "postgres");
      break;
  }
  if (!server.listening) {
    server.listen(0, hostname);
    await once(server, "listening");
  }
  return (server.address() as AddressInfo).port;
}

function send(reply: Reply): void {
  process.send?.(reply);
}

async function main(): Promise<void> {
  const [target, alg] = process.argv.slice(2);
  if (process.send === undefined) throw new Error("worker.js runs as a child of the bench, with an IPC channel");
  if (!isAlg(alg)) throw new Error(`unknown algorithm ${String(alg)}`);
  process.on("disconnect", () => process.exit(0));
  const pem = keysFromEnvironment()[alg];

  let operation: Operation | undefined;
  if (isHttpTarget(target)) {
    send({ type: "ready", port: await listen(target, alg, pem) });
  } else if (isInProcessTarget(target)) {
    const prepared = await prepare(target, alg, pem);
    operation = prepared.operation;
    send({ type: "ready", checked: prepared.checked });
  } else {
    throw new Error(`unknown target ${String(target)}`);
  }

  process.on("message", (command: Command) => {
    void answer(command, operation).then(send, (error: unknown) =>
      send({ type: "error", message: error instanceof Error ? error.message : String(error) }),
    );
  });
}

async function answer(command: Command, operation: Operation | undefined): Promise<Reply> {
  switch (command.type) {
    case "stats":
      return { type: "stats", ...stats() };
    case "run":
      if (operation === undefined) throw new Error("not an in-process target");
      return { type: "round", ...(await runRound(operation, command.seconds, command.concurrency)) };
    case "soak":
      if (operation === undefined) throw new Error("not an in-process target");
      return { type: "soak", rss: await soak(operation, command.count, command.every, command.concurrency) };
  }
}

main().catch((error: unknown) => {
  send({ type: "error", message: error instanceof Error ? error.message : String(error) });
  process.exitCode = 1;
  process.disconnect?.();
});
