/**
 * One bench target, run as a child process with an IPC channel on the group's Node:
 * `node dist/worker.js <target> <alg>`. An HTTP target listens on 127.0.0.1 (an ephemeral
 * port); an in-process target checks its operation and then runs it when told. Either says
 * `ready`, then answers the parent's commands (see protocol.ts), and exits as soon as the
 * parent goes away, so it never outlives the run.
 *
 * Environment: `BENCH_KEYS` (the run's keys); for verifier targets `BENCH_TOKENS_FILE` (the
 * group's tokens, verify/tokens.ts) and `BENCH_REVOCATION` (`on`: check the revocation set).
 */
import { once } from "node:events";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { isAlg, keysFromEnvironment, type Alg } from "./fixture.js";
import { runRound, soak, type Operation } from "./inprocess/loop.js";
import { prepare } from "./inprocess/operations.js";
import { stats, type Command, type Reply } from "./protocol.js";
import { isHttpTarget, isInProcessTarget, type HttpTarget } from "./targets.js";
import { revocationFromEnvironment } from "./verify/revocation.js";
import { tokensFromEnvironment } from "./verify/token-set.js";

const hostname = "127.0.0.1";

async function listen(target: HttpTarget, alg: Alg, pem: string): Promise<number> {
  const server = target.startsWith("verify-") ? await protectedResource(target, alg, pem) : await tokenEndpoint(target, alg, pem);
  if (!server.listening) {
    server.listen(0, hostname);
    await once(server, "listening");
  }
  return (server.address() as AddressInfo).port;
}

// Each server's modules are loaded only in its own worker, so no target's memory holds another's.

async function tokenEndpoint(target: HttpTarget, alg: Alg, pem: string): Promise<Server> {
  switch (target) {
    case "minimal":
      return (await import("./servers/minimal.js")).minimalServer(alg, pem);
    case "tessera-node":
      return (await import("./servers/tessera.js")).tesseraNodeServer(pem);
    case "tessera-hono":
      return (await import("./servers/tessera.js")).tesseraHonoServer(pem, 0, hostname);
    case "oidc-provider":
      return (await import("./servers/oidc-provider.js")).oidcProviderServer(pem);
    case "jmondi":
      return (await import("./servers/jmondi.js")).jmondiServer(pem);
    default:
      throw new Error(`${target} is not a token endpoint`);
  }
}

async function protectedResource(target: HttpTarget, alg: Alg, pem: string): Promise<Server> {
  const revoked = revocationFromEnvironment(tokensFromEnvironment().revoked.jti);
  switch (target) {
    case "verify-minimal":
      return (await import("./servers/verifiers.js")).minimalVerifierServer(alg, pem, revoked);
    case "verify-tessera-node":
      return (await import("./servers/tessera.js")).tesseraNodeVerifier(alg, pem, revoked);
    case "verify-tessera-hono":
      return (await import("./servers/tessera.js")).tesseraHonoVerifier(alg, pem, revoked, 0, hostname);
    case "verify-hono-jwk":
      return (await import("./servers/verifiers.js")).honoJwkServer(alg, pem, revoked, 0, hostname);
    case "verify-express-oauth2":
      return (await import("./servers/verifiers.js")).expressOauth2Server(alg, pem, revoked);
    case "verify-passport":
      return (await import("./servers/verifiers.js")).passportServer(alg, pem, revoked);
    default:
      throw new Error(`${target} is not a protected resource`);
  }
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
