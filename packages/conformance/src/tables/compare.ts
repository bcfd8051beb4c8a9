import type { OAuthErrorCode } from "@tessera/core";
import { decodeJwt } from "jose";

/** What a scenario's response must show. */
export interface ScenarioExpectation {
  readonly status: number;
  /** The OAuth `error` code, for error responses. */
  readonly error?: OAuthErrorCode;
  /** The granted `scope`, for successful token responses. */
  readonly scope?: string;
  /** The token's `aud` claim, for successful token responses. */
  readonly audience?: string | readonly string[];
  /** Headers that must be present with these values, or (`null`) absent; names in lower case. */
  readonly headers?: Readonly<Record<string, string | null>>;
  /** The `token_type` of a successful token response. @defaultValue `"Bearer"` */
  readonly tokenType?: "Bearer" | "DPoP";
}


/**
 * The start of every comparison: a problem list, the `check` that adds to it, and the status
 * and expected headers (with `Cache-Control: no-store`, which every OAuth answer here carries)
 * checked already.
 */
export function statusAndHeaderMismatches(
  response: Response,
  expected: { readonly status: number; readonly headers?: Readonly<Record<string, string | null>> },
): { problems: string[]; check: (ok: boolean, problem: string) => void } {
  const problems: string[] = [];
  const check = (ok: boolean, problem: string) => {
    if (!ok) problems.push(problem);
  };
  check(response.status === expected.status, `status ${response.status}, expected ${expected.status}`);
  for (const [name, value] of Object.entries({ "cache-control": "no-store", ...expected.headers })) {
    const actual = response.headers.get(name);
    check(actual === value, `header ${name}: ${JSON.stringify(actual)}, expected ${JSON.stringify(value)}`);
  }
  return { problems, check };
}

/**
 * Compares a response with a scenario's expectation and lists every difference (empty when it
 * matches): status, the expected headers, `Cache-Control: no-store`, and the JSON body — an
 * RFC 6749 §5.1 token response (`Bearer`, `expires_in`, the granted `scope`, no refresh token)
 * or an RFC 6749 §5.2 error with exactly `error` and `error_description`. Framework-neutral, so
 * any test runner can assert `toEqual([])`.
 */
export async function scenarioMismatches(response: Response, expected: ScenarioExpectation): Promise<string[]> {
  const { problems, check } = statusAndHeaderMismatches(response, expected);
  let body: Record<string, unknown>;
  try {
    body = (await response.json()) as Record<string, unknown>;
  } catch {
    return [...problems, "the body is not JSON"];
  }
  if (expected.status === 200) {
    check(typeof body.access_token === "string", "no access_token");
    check(body.token_type === (expected.tokenType ?? "Bearer"), `token_type ${JSON.stringify(body.token_type)}`);
    check(Number.isSafeInteger(body.expires_in), "expires_in is not a whole number");
    check(typeof body.scope === "string", "no scope");
    if (expected.tokenType === "DPoP" && typeof body.access_token === "string") {
      const { cnf } = decodeJwt(body.access_token) as { cnf?: { jkt?: unknown } };
      check(typeof cnf?.jkt === "string", "a DPoP token without cnf.jkt");
    }
    check(!("refresh_token" in body), "a refresh_token for the client credentials grant");
    if (expected.scope !== undefined) check(body.scope === expected.scope, `scope ${JSON.stringify(body.scope)}, expected ${JSON.stringify(expected.scope)}`);
    if (expected.audience !== undefined && typeof body.access_token === "string") {
      const { aud } = decodeJwt(body.access_token);
      check(JSON.stringify(aud) === JSON.stringify(expected.audience), `aud ${JSON.stringify(aud)}, expected ${JSON.stringify(expected.audience)}`);
    }
  } else {
    check(body.error === expected.error, `error ${JSON.stringify(body.error)}, expected ${JSON.stringify(expected.error)}`);
    check(typeof body.error_description === "string", "no error_description");
    const members = Object.keys(body).sort().join(",");
    check(members === "error,error_description", `error body members ${members}`);
  }
  return problems;
}
