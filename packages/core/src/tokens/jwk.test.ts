import { calculateJwkThumbprint, exportJWK, generateKeyPair } from "jose";
import { describe, expect, it } from "vitest";
import { jwkThumbprint } from "./jwk.js";

describe("jwkThumbprint", () => {
  it("gives RFC 7638 §3.1's example thumbprint", () => {
    const jwk = {
      kty: "RSA",
      n: "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
      e: "AQAB",
      alg: "RS256",
      kid: "2011-04-29",
    };
    expect(jwkThumbprint(jwk)).toBe("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
  });

  it.each([
    ["ES256", {}],
    ["EdDSA", { crv: "Ed25519" }],
    ["PS256", {}],
  ] as const)("is jose's calculateJwkThumbprint for an %s key, whatever other members it has", async (alg, options) => {
    const { publicKey } = await generateKeyPair(alg, { ...options, extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), kid: "any", use: "sig", alg };
    expect(jwkThumbprint(jwk)).toBe(await calculateJwkThumbprint(jwk, "sha256"));
  });

  it.each([{ kty: "oct", k: "c2VjcmV0" }, { kty: "constructor" }, { x: "a" }, { kty: "EC", crv: "P-256", x: "a", y: 1 }])("refuses %j with a TypeError", (jwk) => {
    expect(() => jwkThumbprint(jwk)).toThrow(TypeError);
  });
});
