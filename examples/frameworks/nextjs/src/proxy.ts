// #region readme
import { OAuthError } from "@tessera/core";
import { NextResponse, type NextRequest } from "next/server";
import { resourceServer } from "./tessera";

/** Refuses a request to /api/* without a valid access token; route handlers still check scopes. */
export async function proxy(request: NextRequest) {
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
