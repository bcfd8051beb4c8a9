import { basicAuthorization, formEncode } from "@tessera/core/testing";
import { scenarioClients, scenarioIssuer } from "./clients.js";
import type { ScenarioRequest } from "./requests.js";

/** The form media type every scenario POST carries. */
export const form = { "content-type": "application/x-www-form-urlencoded" } as const;

/** The `service` client's Basic credentials. */
export const serviceBasic = basicAuthorization(scenarioClients.service.clientId, scenarioClients.service.clientSecret);

/** A POST to the token endpoint with `body` and the form media type, plus `headers`. */
export function tokenPost(body: string, headers: Record<string, string> = {}): ScenarioRequest {
  return { method: "POST", path: "/token", headers: { ...form, ...headers }, body };
}

/** A client's credentials as `client_secret_post` body parameters. */
export function postCredentials(client: { clientId: string; clientSecret: string }): string {
  return `client_id=${formEncode(client.clientId)}&client_secret=${formEncode(client.clientSecret)}`;
}

/** The challenge of every 401 at the scenario server's client endpoints: a client that used the Authorization header. */
export const basicChallenge = { "www-authenticate": `Basic realm="${scenarioIssuer}", charset="UTF-8"` };

/**
 * A failed client authentication that did not use the Authorization header (RFC 6749 §5.2): 400,
 * and no challenge, so no client library takes it for a request to use HTTP authentication.
 */
export const noChallenge = { "www-authenticate": null };

/** The headers of every token response (RFC 6749 §5.1). */
export const noStore = { "cache-control": "no-store", pragma: "no-cache", "content-type": "application/json" };
