/**
 * The token endpoint with keys instead of secrets, as a table: `private_key_jwt` client
 * assertions (RFC 7523) and DPoP proofs (RFC 9449 §4–§5). Rows are built when they run, so every
 * assertion and proof is signed with the current time; a `replay` row sends its request twice.
 */
import { scenarioClients, scenarioIssuer } from "./clients.js";
import { scenarioMismatches, type ScenarioExpectation } from "./compare.js";
import { basicChallenge, noChallenge, noStore, postCredentials, serviceBasic, tokenPost } from "./request-builders.js";
import type { ScenarioRequest } from "./requests.js";
import { jwtBearer, signTestAssertion, signTestProof, type TestAssertion, type TestProof } from "./test-signers.js";
import { basicAuthorization, formEncode } from "@tessera/core/testing";

/** One row: a request made when it runs, and the answer it must get. */
export interface KeyBoundTokenScenario {
  readonly name: string;
  readonly request: () => Promise<ScenarioRequest>;
  /** Send the same request once before, so the checked one is its replay. */
  readonly replay?: boolean;
  readonly expect: ScenarioExpectation;
}

const { keyClient, dpopBound } = scenarioClients;
const now = () => Math.floor(Date.now() / 1000);
/** The token endpoint's published URL, which a proof's `htu` may name whatever origin the request goes to. */
const tokenEndpoint = `${scenarioIssuer}/token`;

/** A client credentials request authenticated with an assertion for `key-client` (or as `assertion` says). */
async function withAssertion(assertion: Partial<TestAssertion> = {}, extra = ""): Promise<ScenarioRequest> {
  const jwt = await signTestAssertion({ clientId: keyClient.clientId, ...assertion });
  return tokenPost(`grant_type=client_credentials&client_assertion_type=${formEncode(jwtBearer)}&client_assertion=${jwt}${extra}`);
}

/** A client credentials request with `authorization` (the service client's by default) and a DPoP proof. */
async function withProof(proof: Partial<TestProof> = {}, authorization = serviceBasic): Promise<ScenarioRequest> {
  return tokenPost("grant_type=client_credentials", { authorization, dpop: await signTestProof({ method: "POST", url: tokenEndpoint, ...proof }) });
}

function withHeader(request: ScenarioRequest, name: string, value: string): ScenarioRequest {
  return { ...request, headers: { ...request.headers, [name]: value } };
}

const refusedAssertion = { status: 400, error: "invalid_client", headers: { ...noChallenge, ...noStore } } as const;
const refusedProof = { status: 400, error: "invalid_dpop_proof", headers: noStore } as const;
const dpopBoundBasic = basicAuthorization(dpopBound.clientId, dpopBound.clientSecret);

/**
 * The rows, in an order that matters on a shared server with the default lockout (10 failures):
 * a success resets a client's count, so `key-client` never fails ten times in a row.
 */
export const keyBoundTokenScenarios: readonly KeyBoundTokenScenario[] = [
  { name: "private_key_jwt: a valid assertion", request: () => withAssertion(), expect: { status: 200, scope: "read", headers: noStore } },
  {
    name: "private_key_jwt: aud the token endpoint URL, accepted unless clientAssertions.audience is strict",
    request: () => withAssertion({ claims: { aud: tokenEndpoint } }),
    expect: { status: 200, scope: "read" },
  },
  { name: "private_key_jwt: the wrong aud", request: () => withAssertion({ claims: { aud: "https://other.example" } }), expect: refusedAssertion },
  { name: "private_key_jwt: expired", request: () => withAssertion({ claims: { exp: now() - 120, iat: now() - 180 } }), expect: refusedAssertion },
  { name: "private_key_jwt: exp too far in the future", request: () => withAssertion({ claims: { exp: now() + 3600 } }), expect: refusedAssertion },
  { name: "private_key_jwt: iat in the future", request: () => withAssertion({ claims: { iat: now() + 600 } }), expect: refusedAssertion },
  { name: "private_key_jwt: replayed", request: () => withAssertion(), replay: true, expect: refusedAssertion },
  { name: "private_key_jwt: no jti", request: () => withAssertion({ claims: { jti: undefined } }), expect: refusedAssertion },
  { name: "private_key_jwt: an unknown kid", request: () => withAssertion({ key: "unregisteredKey" }), expect: refusedAssertion },
  {
    name: "private_key_jwt: signed with another client's key",
    request: () => withAssertion({ key: "otherClientKey", kid: "assertionKey" }),
    expect: refusedAssertion,
  },
  { name: "private_key_jwt: alg none", request: () => withAssertion({ forge: "none" }), expect: refusedAssertion },
  { name: "private_key_jwt: HS256 with the public key as the secret", request: () => withAssertion({ forge: "HS256" }), expect: refusedAssertion },
  { name: "private_key_jwt: sub is not iss", request: () => withAssertion({ claims: { sub: "service" } }), expect: refusedAssertion },
  {
    name: "private_key_jwt: another client_assertion_type",
    request: async () => tokenPost(`grant_type=client_credentials&client_assertion_type=urn%3Aexample&client_assertion=${await signTestAssertion({ clientId: keyClient.clientId })}`),
    expect: refusedAssertion,
  },
  {
    name: "private_key_jwt: a client_id that is not the assertion's",
    request: () => withAssertion({}, "&client_id=service"),
    expect: { status: 400, error: "invalid_request" },
  },
  {
    name: "private_key_jwt: with Basic credentials too",
    request: async () => withHeader(await withAssertion(), "authorization", serviceBasic),
    expect: { status: 400, error: "invalid_request" },
  },
  {
    name: "private_key_jwt: a client without keys (a secret client) sending an assertion",
    request: () => withAssertion({ clientId: "service" }),
    expect: refusedAssertion,
  },
  {
    name: "private_key_jwt: a key client using a secret method",
    request: async () => tokenPost(`grant_type=client_credentials&${postCredentials({ clientId: keyClient.clientId, clientSecret: "guess" })}`),
    expect: refusedAssertion,
  },
  { name: "DPoP: a valid proof binds the token (token_type DPoP, cnf.jkt)", request: () => withProof(), expect: { status: 200, tokenType: "DPoP", headers: noStore } },
  { name: "DPoP: with private_key_jwt", request: async () => withHeader(await withAssertion(), "dpop", await signTestProof({ method: "POST", url: tokenEndpoint })), expect: { status: 200, tokenType: "DPoP" } },
  { name: "DPoP: a client registered dpop_bound_access_tokens, with a proof", request: () => withProof({}, dpopBoundBasic), expect: { status: 200, tokenType: "DPoP" } },
  {
    name: "DPoP: the proof missing for a dpop_bound_access_tokens client",
    request: async () => tokenPost("grant_type=client_credentials", { authorization: dpopBoundBasic }),
    expect: refusedProof,
  },
  { name: "DPoP: the wrong htm", request: () => withProof({ method: "GET" }), expect: refusedProof },
  { name: "DPoP: the wrong htu", request: () => withProof({ url: "https://other.example/token" }), expect: refusedProof },
  { name: "DPoP: a stale iat", request: () => withProof({ claims: { iat: now() - 600 } }), expect: refusedProof },
  { name: "DPoP: iat in the future", request: () => withProof({ claims: { iat: now() + 600 } }), expect: refusedProof },
  { name: "DPoP: a replayed jti", request: () => withProof(), replay: true, expect: refusedProof },
  { name: "DPoP: the wrong typ", request: () => withProof({ header: { typ: "JWT" } }), expect: refusedProof },
  {
    name: "DPoP: a private key in the jwk",
    request: async () => withProof({ header: { jwk: { kty: "EC", crv: "P-256", x: "dbOHD-DbCv8B4AHbwbKERy2lFUPtwn1_yIiSDnEd83M", y: "mJo2xWuGrodmVlm3IJoSGXxsQo4PC9UyFMjb2y9PGE4", d: "Fx31tlP35rXTVdqqW8dHc4y8Oo4gasYz36RDgUGdb50" } } }),
    expect: refusedProof,
  },
  { name: "DPoP: a proof that is not a JWT", request: async () => tokenPost("grant_type=client_credentials", { authorization: serviceBasic, dpop: "not-a-jwt" }), expect: refusedProof },
  {
    name: "DPoP: a wrong secret is invalid_client before the proof is looked at",
    request: () => withProof({}, basicAuthorization(dpopBound.clientId, "wrong")),
    expect: { status: 401, error: "invalid_client", headers: basicChallenge },
  },
];

/**
 * Runs one key-bound row through `send` (in-process or over HTTP): the request, sent twice for a
 * `replay` row, and the differences of the (last) answer from the row's expectation.
 */
export async function keyBoundTokenMismatches(
  send: (request: ScenarioRequest) => Response | Promise<Response>,
  scenario: KeyBoundTokenScenario,
): Promise<string[]> {
  const request = await scenario.request();
  if (scenario.replay === true) await (await send(request)).arrayBuffer();
  return scenarioMismatches(await send(request), scenario.expect);
}
