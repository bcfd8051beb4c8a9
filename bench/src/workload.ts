/** What the load generator sends to an HTTP target: the bench token request, or the protected resource with the group's tokens. */
import { resourceRequest, tokenRequest } from "./fixture.js";

export type Workload =
  /** The bench token request (fixture.ts), the same bytes every time. */
  | { readonly kind: "token" }
  /** `GET /whoami` with `Authorization: Bearer <token>`, the tokens in turn. */
  | { readonly kind: "resource"; readonly tokens: readonly string[] };

export const tokenWorkload: Workload = { kind: "token" };

/** A request as both load generators take it. */
export interface PlainRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | undefined;
}

/** The requests of a workload, sent in turn. */
export function requestsOf(workload: Workload): PlainRequest[] {
  switch (workload.kind) {
    case "token":
      return [{ method: tokenRequest.method, path: tokenRequest.path, headers: tokenRequest.headers, body: tokenRequest.body }];
    case "resource":
      return workload.tokens.map((token) => ({ method: resourceRequest.method, path: resourceRequest.path, headers: { authorization: `Bearer ${token}` } }));
  }
}
