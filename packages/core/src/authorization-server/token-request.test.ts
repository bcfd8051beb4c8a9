import { describe, expect, it } from "vitest";
import { fromRequest } from "../http/exchange.js";
import { OAuthError } from "../protocol/errors.js";
import { readTokenRequest } from "./token-request.js";

const post = (body: string) =>
  fromRequest(
    new Request("https://as.example/token", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
    }),
  );

describe("readTokenRequest", () => {
  it("reads grant_type and every resource parameter, in order (RFC 8707 §2)", async () => {
    const request = await readTokenRequest(
      post("grant_type=client_credentials&resource=https%3A%2F%2Fa.example&scope=read&resource=https%3A%2F%2Fb.example"),
      { maxBodyBytes: 1024 },
    );
    expect(request.grantType).toBe("client_credentials");
    expect(request.resources).toEqual(["https://a.example", "https://b.example"]);
    expect(request.params.has("resource")).toBe(false);
    expect(request.params.get("scope")).toBe("read");
  });

  it("refuses a request without grant_type with invalid_request", async () => {
    const error = await readTokenRequest(post("scope=read"), { maxBodyBytes: 1024 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OAuthError);
    expect((error as OAuthError).code).toBe("invalid_request");
    expect((error as OAuthError).description).toBe("The grant_type parameter is missing.");
  });
});
