/**
 * What every target shares, so that the comparison is fair: one issuer, one client, one token
 * request, and one key per algorithm, generated once per bench run by the parent process and
 * handed to every child through the environment (`BENCH_KEYS`).
 */
import { exportPKCS8, generateKeyPair } from "jose";

/** The algorithms the bench covers. */
export type Alg = "RS256" | "ES256" | "EdDSA";
export const algs: readonly Alg[] = ["RS256", "ES256", "EdDSA"];

export function isAlg(value: unknown): value is Alg {
  return algs.includes(value as Alg);
}

/** The issuer of every server, and the audience of its tokens. Requests go to 127.0.0.1. */
export const issuer = "http://localhost";

/** The one client every server knows, with the one scope it may have. */
export const benchClient = { clientId: "bench", clientSecret: "bench-secret-0123456789abcdef", scope: "read" } as const;

/**
 * The client of the key-bound targets: `private_key_jwt` with a fixed Ed25519 key (a bench key,
 * published here, protecting nothing), and the fixed Ed25519 key of their DPoP proofs.
 */
export const benchKeyClient = {
  clientId: "bench-key",
  scope: "read",
  privateJwk: { kty: "OKP", crv: "Ed25519", x: "_Vo7KJayCUkvORSYoPoc1UxDHOexDuY0p0yp5v_lpXQ", d: "wMp5bU6vW6xxmIivd8NUOaonEIvA-9xpVkyQuJwVayI" },
  dpopJwk: { kty: "OKP", crv: "Ed25519", x: "Zne795b_By2VjvPJ5YgOsbBcgEb1CjpRMFxSYSIBxf8", d: "F2T2dOSuquT8UnrDmbV541GMhetxpue_1qHwwzgcA7o" },
} as const;

/** `Authorization: Basic` for the bench client (its id and secret need no form-encoding). */
export const basicAuthorization = `Basic ${btoa(`${benchClient.clientId}:${benchClient.clientSecret}`)}`;

/** The token request every target is driven with: client credentials, client_secret_basic. */
export const tokenRequest = {
  method: "POST",
  path: "/token",
  headers: {
    "content-type": "application/x-www-form-urlencoded",
    authorization: basicAuthorization,
  },
  body: `grant_type=client_credentials&scope=${benchClient.scope}`,
} as const;

/** The signing keys of one run, as PKCS#8 PEM (RSA-2048, P-256, Ed25519). */
export type BenchKeys = Readonly<Record<Alg, string>>;

export async function generateBenchKeys(): Promise<BenchKeys> {
  const pem = async (alg: Alg) => {
    const { privateKey } = await generateKeyPair(alg, {
      extractable: true,
      ...(alg === "RS256" ? { modulusLength: 2048 } : {}),
    });
    return exportPKCS8(privateKey);
  };
  return { RS256: await pem("RS256"), ES256: await pem("ES256"), EdDSA: await pem("EdDSA") };
}

/** The keys the parent put in `BENCH_KEYS`, in a child. */
export function keysFromEnvironment(): BenchKeys {
  const value = process.env.BENCH_KEYS;
  if (value === undefined) throw new Error("BENCH_KEYS is not set: children get their keys from the bench run");
  return JSON.parse(value) as BenchKeys;
}

/** The protected resource every verifier target serves: GET with the bearer token, answered with the principal. */
export const resourceRequest = { method: "GET", path: "/whoami" } as const;

/** What every verifier target answers for a valid token: the examples' `/whoami` body. */
export interface PrincipalBody {
  readonly client_id: string;
  readonly scope: string;
  readonly aud: unknown;
  readonly exp: number;
}

export function principalBody(claims: { readonly client_id?: unknown; readonly scope?: unknown; readonly aud?: unknown; readonly exp?: unknown }): PrincipalBody {
  return { client_id: String(claims.client_id), scope: String(claims.scope ?? ""), aud: claims.aud, exp: Number(claims.exp) };
}
