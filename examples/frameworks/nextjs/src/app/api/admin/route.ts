import { OAuthError } from "@tessera/core";
import { requestAsSent } from "../../../request-as-sent";
import { resourceServer } from "../../../tessera";

export async function GET(request: Request) {
  try {
    const principal = await resourceServer.authorize(requestAsSent(request), ["admin"]);
    return Response.json({ client_id: principal.clientId, scope: principal.scopes.join(" ") });
  } catch (error) {
    if (error instanceof OAuthError) return error.toResponse(); // the RFC 6750 answer, as it is
    throw error;
  }
}
