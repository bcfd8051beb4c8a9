/**
 * The `revocation-propagation` group: three processes of the Node example on the run's
 * PostgreSQL (`OAUTH_DATABASE_URL`), started by the examples' launcher. Each sample issues a token
 * at one instance, revokes it there, and measures, at each of the other two, the time from the
 * revocation's answer until `GET /whoami` refuses the token, polled about every millisecond (the
 * resolution of the numbers). The instance that revokes takes turns.
 */
import { exampleCommand, startExample, type RunningExample } from "@tessera/conformance/examples";
import { basicAuthorization, benchClient, issuer, type BenchKeys } from "../fixture.js";
import { benchDatabaseUrl } from "./database.js";

export interface PropagationResult {
  readonly samples: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

const command = exampleCommand(new URL("../../../examples/node/", import.meta.url));
const form = { authorization: basicAuthorization, "content-type": "application/x-www-form-urlencoded" };

async function issue(instance: RunningExample): Promise<string> {
  const response = await fetch(`${instance.url}/token`, { method: "POST", headers: form, body: "grant_type=client_credentials" });
  const { access_token } = (await response.json()) as { access_token?: string };
  if (access_token === undefined) throw new Error(`${instance.url} answered ${response.status} to a token request`);
  return access_token;
}

async function revoke(instance: RunningExample, token: string): Promise<void> {
  const response = await fetch(`${instance.url}/revoke`, { method: "POST", headers: form, body: new URLSearchParams({ token }) });
  if (response.status !== 200) throw new Error(`${instance.url} answered ${response.status} to a revocation`);
}

/** Milliseconds from `since` until `instance` refuses `token`; fails after 10 s. */
async function refusedAfter(instance: RunningExample, token: string, since: number): Promise<number> {
  for (;;) {
    const response = await fetch(`${instance.url}/whoami`, { headers: { authorization: `Bearer ${token}` } });
    await response.arrayBuffer();
    if (response.status === 401) return performance.now() - since;
    if (performance.now() - since > 10_000) throw new Error(`${instance.url} still accepts a token revoked 10 s ago`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

export async function runPropagation(samples: number, keys: BenchKeys): Promise<PropagationResult> {
  const env = {
    PORT: "0",
    OAUTH_ISSUER: issuer,
    OAUTH_PRIVATE_KEY: keys.RS256,
    OAUTH_CLIENTS: JSON.stringify({ clients: [{ client_id: benchClient.clientId, client_secret: benchClient.clientSecret, scope: benchClient.scope }] }),
    OAUTH_DATABASE_URL: benchDatabaseUrl(),
  };
  const instances = await Promise.all([0, 1, 2].map(() => startExample(command, env)));
  try {
    const delays: number[] = [];
    for (let sample = 0; sample < samples; sample++) {
      const origin = instances[sample % 3] as RunningExample;
      const token = await issue(origin);
      await revoke(origin, token);
      const revokedAt = performance.now();
      const others = instances.filter((instance) => instance !== origin);
      delays.push(...(await Promise.all(others.map((instance) => refusedAfter(instance, token, revokedAt)))));
    }
    delays.sort((a, b) => a - b);
    const at = (p: number) => delays[Math.min(delays.length - 1, Math.floor((p / 100) * delays.length))] as number;
    return { samples: delays.length, p50Ms: at(50), p99Ms: at(99), maxMs: delays[delays.length - 1] as number };
  } finally {
    await Promise.allSettled(instances.map((instance) => instance.stop()));
  }
}
