// #region readme
import { OAuthError } from "@tessera/core";
import { NextResponse, type NextRequest } from "next/server";
import { resourceServer } from "./tessera";

/** Refuses a request to /api/* without a valid access token; route handlers still check scopes. */
export async function proxy(request: NextRequest) {
  // A DPoP proof is good for one use (RFC 9449 §11.1): the route handler checks it, not this gate.
  if (request.headers.has("dpop")) return NextResponse.next();
  try {
    await resourceServer.verifyRequest(request);
    return NextResponse.next();
  } catch (error) {
    if (error instanceof OAuthError) return error.toResponse();
    throw error;
  }
}

export const config = { matcher: "/api/:path*" };
// #endregion readme
