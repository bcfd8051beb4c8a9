/**
 * The protected resource with DPoP-bound tokens (RFC 9449 §7), as a table over the protected
 * resource fixture's tokens: the `DPoP` scheme with a proof, every proof check a resource server
 * makes, and the refusal of a bound token sent as a bearer token. Rows are built when they run,
 * for the origin the request goes to (a proof's `htu` names the request's URL).
 */
import { protectedResourceMismatches, protectedResourcePaths, type ProtectedResourceExpectation, type ScenarioTokens } from "./protected-resource.js";
import type { ScenarioRequest } from "./requests.js";
import { signTestProof, type TestProof } from "./test-signers.js";

/** Where a row's request goes, and the fixture's tokens. */
export interface DpopScenarioContext {
  /** The origin the request is sent to, as the resource server sees it (`http://localhost`, `http://127.0.0.1:port`). */
  readonly origin: string;
  readonly tokens: ScenarioTokens;
}

/** One row: a request made when it runs, and the answer it must get. */
export interface DpopProtectedResourceScenario {
  readonly name: string;
  readonly request: (context: DpopScenarioContext) => Promise<ScenarioRequest>;
  /** Send the same request once before, so the checked one is its replay. */
  readonly replay?: boolean;
  readonly expect: ProtectedResourceExpectation;
}

const { read } = protectedResourcePaths;
const now = () => Math.floor(Date.now() / 1000);

/** GET `read` with `Authorization: DPoP <token>` (the bound token unless told) and a proof for it. */
function dpopGet(proof: Partial<TestProof> = {}, token: keyof ScenarioTokens = "dpopBound", scheme = "DPoP") {
  return async ({ origin, tokens }: DpopScenarioContext): Promise<ScenarioRequest> => {
    const dpop = await signTestProof({ method: "GET", url: origin + read, accessToken: tokens[token], ...proof });
    return { method: "GET", path: read, headers: { authorization: `${scheme} ${tokens[token]}`, dpop } };
  };
}

const invalidProof = { status: 401, error: "invalid_dpop_proof", scheme: "DPoP" } as const;
const invalidToken = { status: 401, error: "invalid_token", scheme: "DPoP" } as const;

export const dpopProtectedResourceScenarios: readonly DpopProtectedResourceScenario[] = [
  { name: "DPoP: a bound token with its proof", request: dpopGet(), expect: { status: 200, clientId: "service" } },
  { name: "DPoP: the scheme in another case", request: dpopGet({}, "dpopBound", "dPoP"), expect: { status: 200, clientId: "service" } },
  {
    name: "DPoP: a bound token sent as a Bearer token (RFC 9449 §7.2)",
    request: async ({ tokens }) => ({ method: "GET", path: read, headers: { authorization: `Bearer ${tokens.dpopBound}` } }),
    expect: { status: 401, error: "invalid_token" },
  },
  {
    name: "DPoP: the proof missing",
    request: async ({ tokens }) => ({ method: "GET", path: read, headers: { authorization: `DPoP ${tokens.dpopBound}` } }),
    expect: invalidProof,
  },
  { name: "DPoP: ath of another token", request: async (context) => dpopGet({ accessToken: context.tokens.valid })(context), expect: invalidProof },
  { name: "DPoP: a proof by another key than the token's", request: dpopGet({ key: "unregisteredKey" }), expect: invalidToken },
  { name: "DPoP: an unbound token with the DPoP scheme", request: dpopGet({}, "valid"), expect: invalidToken },
  { name: "DPoP: the wrong htm", request: dpopGet({ method: "POST" }), expect: invalidProof },
  { name: "DPoP: the wrong htu", request: dpopGet({ url: "https://other.example/api/read" }), expect: invalidProof },
  { name: "DPoP: a stale iat", request: dpopGet({ claims: { iat: now() - 600 } }), expect: invalidProof },
  { name: "DPoP: a replayed proof", request: dpopGet(), replay: true, expect: invalidProof },
  { name: "DPoP: the wrong typ", request: dpopGet({ header: { typ: "JWT" } }), expect: invalidProof },
  { name: "DPoP: an expired bound token", request: dpopGet({}, "expired"), expect: invalidToken },
];

/**
 * Runs one row through `send` (in-process or over HTTP), sending twice for a `replay` row, and
 * lists the differences of the (last) answer from the row's expectation.
 */
export async function dpopProtectedResourceMismatches(
  send: (request: ScenarioRequest) => Response | Promise<Response>,
  context: DpopScenarioContext,
  scenario: DpopProtectedResourceScenario,
  realm?: string,
): Promise<string[]> {
  const request = await scenario.request(context);
  if (scenario.replay === true) await (await send(request)).arrayBuffer();
  return protectedResourceMismatches(await send(request), scenario.expect, realm);
}
