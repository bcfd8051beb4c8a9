import { afterEach, describe, expect, it, vi } from "vitest";
import { clientAuthenticationMethods, createClientAuthenticator } from "./authenticate.js";
import { clientSecretBasic, clientSecretPost } from "./secret-methods.js";
import { resolveLockout } from "./lockout.js";
import { parseBasicCredentials } from "./credentials.js";
import { hashClientSecret } from "./secrets.js";
import { OAuthError } from "../../protocol/errors.js";
import { InMemoryClientRepository } from "../repositories/clients.js";
import * as hashing from "../../lib/sha256.js";
import * as timingSafe from "../../lib/timing-safe.js";
import type { TokenRequest } from "../token-request.js";
import { basicAuthorization } from "../../testing.js";
import { fromRequest } from "../../http/exchange.js";

describe("parseBasicCredentials (RFC 7617, RFC 6749 §2.3.1)", () => {
  it("form-decodes the id and secret after base64, splitting at the first colon", () => {
    expect(parseBasicCredentials(basicAuthorization("my id:1", "p:a%s+s&w=o rd"))).toEqual({
      clientId: "my id:1",
      clientSecret: "p:a%s+s&w=o rd",
    });
    // A client that did not form-encode: the first colon splits; the rest is the secret.
    expect(parseBasicCredentials(`Basic ${btoa("id:se:cret")}`)).toEqual({ clientId: "id", clientSecret: "se:cret" });
    expect(parseBasicCredentials(`BASIC ${btoa("a+b:c%2Bd")}`)).toEqual({ clientId: "a b", clientSecret: "c+d" });
  });

  it("decodes UTF-8 credentials", () => {
    expect(parseBasicCredentials(basicAuthorization("clïent", "sécret"))).toEqual({ clientId: "clïent", clientSecret: "sécret" });
  });

  it.each([
    ["another scheme", "Bearer abc"],
    ["no credentials", "Basic"],
    ["not base64", "Basic ***"],
    ["base64 without its padding", `Basic ${btoa("id:secre").replace(/=+$/, "")}`],
    ["no colon", `Basic ${btoa("idsecret")}`],
    ["empty id", `Basic ${btoa(":secret")}`],
    ["bad percent escape", `Basic ${btoa("id:%zz")}`],
    ["percent-encoded bytes that are not UTF-8", `Basic ${btoa("id:%FF")}`],
    ["raw bytes that are not UTF-8", `Basic ${btoa("id:\xc0\xaf")}`],
    ["two tokens", `Basic ${btoa("id:secret")} ${btoa("x:y")}`],
  ])("refuses %s", (_name, header) => {
    expect(parseBasicCredentials(header)).toBeUndefined();
  });
});

const noLockout = resolveLockout(false, Date.now);
const aRequest = () => fromRequest(new Request("https://as.example/token", { method: "POST" }));

describe("authenticateClient", () => {
  const realm = 'Basic realm="test"';
  const clients = new InMemoryClientRepository([{ clientId: "known", clientSecret: "right-secret", scopes: [] }]);
  const secretMethods = (now: () => number) => [clientSecretBasic(realm, now), clientSecretPost(now)];
  const authenticate = createClientAuthenticator(clients, secretMethods(Date.now), clientAuthenticationMethods, noLockout);
  const request = (authorization: string): TokenRequest => ({
    grantType: "client_credentials",
    resources: [],
    params: new Map(),
    headers: new Headers({ authorization }),
  });

  afterEach(() => vi.restoreAllMocks());

  it("does the same work for an unknown client as for a wrong secret: one digest, one constant-time compare", async () => {
    const digest = vi.spyOn(hashing, "sha256");
    const compare = vi.spyOn(timingSafe, "timingSafeEqual");
    const outcomes: unknown[] = [];
    for (const [id, secret] of [["known", "wrong-secret"], ["unknown", "wrong-secret"]] as const) {
      digest.mockClear();
      compare.mockClear();
      outcomes.push(await authenticate(request(basicAuthorization(id, secret)), aRequest()).catch((e: unknown) => e));
      expect(digest).toHaveBeenCalledTimes(1);
      expect(compare).toHaveBeenCalledTimes(1);
      const [presented, stored] = compare.mock.calls[0] ?? [];
      expect(presented?.length).toBe(32);
      expect(stored?.length).toBe(32);
    }
    const [wrongSecret, unknown] = outcomes as OAuthError[];
    expect(wrongSecret).toBeInstanceOf(OAuthError);
    expect(unknown?.toJSON()).toEqual(wrongSecret?.toJSON());
    expect(unknown?.headers).toEqual({ "www-authenticate": realm });
  });

  it("returns the client and the method it used", async () => {
    const result = await authenticate(request(basicAuthorization("known", "right-secret")), aRequest());
    expect(result.method).toBe("client_secret_basic");
    expect(result.client.clientId).toBe("known");
    expect(result.client).not.toHaveProperty("clientSecret");
  });

  it("accepts every secret of a client being rotated, and none past its expiry", async () => {
    const now = 1_800_000_000;
    const rotating = createClientAuthenticator(
      {
        getClient: async (clientId) =>
          clientId !== "rotating"
            ? undefined
            : {
                clientId,
                grantTypes: ["client_credentials"],
                scopes: [],
                secrets: [
                  { hash: await hashClientSecret("new-secret") },
                  { hash: await hashClientSecret("previous-secret"), expiresAt: now + 60 },
                  { hash: await hashClientSecret("expired-secret"), expiresAt: now },
                ],
              },
      },
      secretMethods(() => now * 1000),
      clientAuthenticationMethods,
      noLockout,
    );
    for (const secret of ["new-secret", "previous-secret"]) {
      expect((await rotating(request(basicAuthorization("rotating", secret)), aRequest())).client.clientId).toBe("rotating");
    }
    const expired = await rotating(request(basicAuthorization("rotating", "expired-secret")), aRequest()).catch((e: unknown) => e);
    expect(expired).toBeInstanceOf(OAuthError);
    expect((expired as OAuthError).code).toBe("invalid_client");
  });
});
