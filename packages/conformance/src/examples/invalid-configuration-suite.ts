import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "vitest";
import { clientsJson } from "./clients.js";
import type { ExampleCommand } from "./example-command.js";
import type { ExampleEnv } from "./example-process.js";
import { exampleTimeout, fixture, temporaryDirectory } from "./fixtures.js";
import { generateTestKey, type TestKey } from "./keys.js";
import { pemLines } from "./output.js";
import { checkRefused, checkSecondOnSamePort } from "./process-checks.js";

/** What the cases draw on: a complete, valid environment and the files and keys to spoil it with. */
interface Materials {
  readonly directory: string;
  /** Complete and valid, so that each case has exactly one mistake and no warnings. */
  readonly base: ExampleEnv;
  readonly smallKeyFile: string;
  readonly notAKeyFile: string;
  readonly goodKey: TestKey;
  readonly smallKey: TestKey;
}

/** One mistake: the environment that makes it, the line it prints, and what must not appear in it besides "s3cret". */
interface Case {
  readonly name: string;
  readonly env: (materials: Materials) => ExampleEnv;
  readonly line: (materials: Materials) => string;
  readonly secrets?: (materials: Materials) => string[];
}

const cases: readonly Case[] = [
  {
    name: "PORT that is not a number",
    env: ({ base }) => ({ ...base, PORT: "http" }),
    line: () => "error: PORT: must be a whole number from 0 to 65535 (0 picks a free port)",
  },
  {
    name: "HOST that is a URL",
    env: ({ base }) => ({ ...base, HOST: "http://localhost" }),
    line: () => "error: HOST: must be a host name or IP address, such as 127.0.0.1 or ::1",
  },
  {
    name: "OAUTH_CLIENTS with a misspelt field",
    env: ({ base }) => ({ ...base, OAUTH_CLIENTS: '{"clients":[{"client_id":"svc","client_secret":"s3cret-in-typo","scopes":"read"}]}' }),
    line: () => 'error: OAUTH_CLIENTS: client svc: unknown field "scopes"',
  },
  {
    name: "OAUTH_CLIENTS that is not JSON",
    env: ({ base }) => ({ ...base, OAUTH_CLIENTS: '{"clients":[{"client_id":"svc","client_secret":"s3cret-in-typo"' }),
    line: () => "error: OAUTH_CLIENTS: is not valid JSON",
  },
  {
    name: "OAUTH_CLIENTS and OAUTH_CLIENTS_FILE together",
    env: ({ base, directory }) => ({ ...base, OAUTH_CLIENTS_FILE: join(directory, "clients.json") }),
    line: () => "error: OAUTH_CLIENTS_FILE: set OAUTH_CLIENTS or OAUTH_CLIENTS_FILE, not both",
  },
  {
    name: "OAUTH_ACCESS_TOKEN_TTL of zero",
    env: ({ base }) => ({ ...base, OAUTH_ACCESS_TOKEN_TTL: "0" }),
    line: () => "error: OAUTH_ACCESS_TOKEN_TTL: must be a positive whole number of seconds",
  },
  {
    name: "OAUTH_AUDIENCE set but empty",
    env: ({ base }) => ({ ...base, OAUTH_AUDIENCE: "" }),
    line: () => "error: OAUTH_AUDIENCE: is set but empty; unset it to use the default",
  },
  {
    name: "OAUTH_ISSUER over http for a host that is not loopback (refused by the core)",
    env: ({ base }) => ({ ...base, OAUTH_ISSUER: "http://auth.example.com" }),
    line: () => "error: OAUTH_ISSUER: must use https (http is allowed only for localhost)",
  },
  {
    name: "OAUTH_PRIVATE_KEY that is not a PEM (refused by server.ready)",
    env: ({ base }) => ({ ...base, OAUTH_PRIVATE_KEY_FILE: undefined, OAUTH_PRIVATE_KEY: "not-a-key-s3cret" }),
    line: () => "error: OAUTH_PRIVATE_KEY: expected a PKCS#8 PEM (-----BEGIN PRIVATE KEY-----)",
  },
  {
    name: "OAUTH_PRIVATE_KEY_FILE holding a 1024-bit key (refused by server.ready)",
    env: ({ base, smallKeyFile }) => ({ ...base, OAUTH_PRIVATE_KEY_FILE: smallKeyFile }),
    line: () => "error: OAUTH_PRIVATE_KEY_FILE: RSA keys must be at least 2048 bits (RFC 7518 §3.3)",
  },
  {
    name: "OAUTH_PREVIOUS_PRIVATE_KEYS whose second key has 1024 bits (refused by server.ready)",
    env: ({ base, goodKey, smallKey }) => ({ ...base, OAUTH_PREVIOUS_PRIVATE_KEYS: `${goodKey.pem}\n${smallKey.pem}` }),
    line: () => "error: OAUTH_PREVIOUS_PRIVATE_KEYS: key 2: RSA keys must be at least 2048 bits (RFC 7518 §3.3)",
    secrets: ({ goodKey, smallKey }) => [...pemLines(goodKey.pem), ...pemLines(smallKey.pem)],
  },
  {
    name: "OAUTH_PREVIOUS_PRIVATE_KEYS_FILE holding no PEM (refused by server.ready)",
    env: ({ base, notAKeyFile }) => ({ ...base, OAUTH_PREVIOUS_PRIVATE_KEYS_FILE: notAKeyFile }),
    line: () => "error: OAUTH_PREVIOUS_PRIVATE_KEYS_FILE: key 1: expected a PKCS#8 PEM (-----BEGIN PRIVATE KEY-----)",
  },
  {
    name: "OAUTH_PREVIOUS_PRIVATE_KEYS and OAUTH_PREVIOUS_PRIVATE_KEYS_FILE together",
    env: ({ base, goodKey, smallKeyFile }) => ({ ...base, OAUTH_PREVIOUS_PRIVATE_KEYS: goodKey.pem, OAUTH_PREVIOUS_PRIVATE_KEYS_FILE: smallKeyFile }),
    line: () => "error: OAUTH_PREVIOUS_PRIVATE_KEYS_FILE: set OAUTH_PREVIOUS_PRIVATE_KEYS or OAUTH_PREVIOUS_PRIVATE_KEYS_FILE, not both",
    secrets: ({ goodKey }) => pemLines(goodKey.pem),
  },
  {
    name: "HOST beyond loopback with the demo client (no OAUTH_CLIENTS): its secret is published",
    env: ({ base }) => ({ ...base, HOST: "0.0.0.0", OAUTH_CLIENTS: undefined }),
    line: () => "error: OAUTH_CLIENTS: is required when HOST (0.0.0.0) is not a loopback address: the demo client's secret is published",
  },
  {
    name: "HOST beyond loopback without OAUTH_ISSUER",
    env: ({ base }) => ({ ...base, HOST: "0.0.0.0", OAUTH_ISSUER: undefined }),
    line: () => "error: OAUTH_ISSUER: is required when HOST (0.0.0.0) is not a loopback address, such as https://auth.example.com",
  },
  {
    name: "OAUTH_PRIVATE_KEY_FILE naming no file",
    env: ({ base, directory }) => ({ ...base, OAUTH_PRIVATE_KEY_FILE: join(directory, "missing.pem") }),
    line: ({ directory }) => `error: OAUTH_PRIVATE_KEY_FILE: cannot read ${join(directory, "missing.pem")} (ENOENT)`,
  },
];

/** The mistakes an example on another runtime is checked for: one found by the contract, one by the core. */
const runtimeCases: readonly { readonly name: string; readonly env: ExampleEnv; readonly line: string }[] = [
  {
    name: "OAUTH_ACCESS_TOKEN_TTL of zero",
    env: { OAUTH_ACCESS_TOKEN_TTL: "0" },
    line: "error: OAUTH_ACCESS_TOKEN_TTL: must be a positive whole number of seconds",
  },
  {
    name: "OAUTH_PRIVATE_KEY that is not a PEM (refused by the core's server.ready)",
    env: { OAUTH_PRIVATE_KEY: "not-a-key-s3cret" },
    line: "error: OAUTH_PRIVATE_KEY: expected a PKCS#8 PEM (-----BEGIN PRIVATE KEY-----)",
  },
];

/**
 * Invalid configuration, one mistake at a time: the example exits with code 1 after one line on
 * stderr that names the variable at fault and quotes no secret. Part of `describeExample`.
 */
export function describeInvalidConfiguration(command: ExampleCommand): void {
  describe("with invalid configuration: exit 1 and one line naming the variable", () => {
    const directory = temporaryDirectory();
    const materials = fixture(() => writeMaterials(directory()));

    for (const { name, env, line, secrets = () => [] } of cases) {
      it(name, () => checkRefused(command, env(materials()), line(materials()), secrets(materials())), exampleTimeout);
    }
    it("PORT already in use", () => checkSecondOnSamePort(command, materials().base), exampleTimeout);
  });
}

/** A few of the mistakes of {@link describeInvalidConfiguration}, for an example on another runtime. Part of `describeRuntimeExample`. */
export function describeRuntimeInvalidConfiguration(command: ExampleCommand): void {
  describe("with invalid configuration: exit 1 and one line naming the variable", () => {
    for (const { name, env, line } of runtimeCases) {
      it(name, () => checkRefused(command, { PORT: "0", OAUTH_CLIENTS: clientsJson, ...env }, line), exampleTimeout);
    }
  });
}

async function writeMaterials(directory: string): Promise<Materials> {
  const keyFile = join(directory, "key.pem");
  const smallKeyFile = join(directory, "small-key.pem");
  const notAKeyFile = join(directory, "not-a-key.pem");
  const [goodKey, smallKey, key] = await Promise.all([
    generateTestKey("ES256"),
    generateTestKey("RS256", { modulusLength: 1024 }),
    generateTestKey(),
  ]);
  await writeFile(keyFile, key.pem);
  await writeFile(smallKeyFile, smallKey.pem);
  await writeFile(notAKeyFile, "not-a-key-s3cret\n");
  return { directory, base: { PORT: "0", OAUTH_CLIENTS: clientsJson, OAUTH_PRIVATE_KEY_FILE: keyFile }, smallKeyFile, notAKeyFile, goodKey, smallKey };
}
