/**
 * Recipe: Tessera in a NestJS 12 app on Express. `mountTessera` serves the authorization server's
 * endpoints ahead of Nest's body parsers; `TokenGuard` lets a request through only with an access
 * token that has the route's `@Scopes(…)`, and throws the refusal to Nest's exception layer,
 * where `OAuthErrorFilter` sends it as Tessera renders it; `@Principal()` hands a handler the
 * token's principal. See app.ts for them in use.
 */
// #region readme
import {
  BadRequestException,
  Catch,
  createParamDecorator,
  Inject,
  Injectable,
  type ArgumentsHost,
  type CanActivate,
  type ExceptionFilter,
  type ExecutionContext,
} from "@nestjs/common";
import { Reflector } from "@nestjs/core";
import type { NestExpressApplication } from "@nestjs/platform-express";
import { OAuthError, type AccessTokenPrincipal, type AuthorizationServer, type ResourceServer } from "@tessera/core";
import { authorizationRequest, createRequestListener, sendResponse } from "@tessera/node";
import type { Request as ExpressRequest, Response as ExpressResponse } from "express";

type TokenRequest = ExpressRequest & { principal?: AccessTokenPrincipal };

/** Serves Tessera's endpoints; call it before `app.init()`/`listen()`, so it runs before Nest's body parsers. */
export function mountTessera(app: NestExpressApplication, server: AuthorizationServer): void {
  const tessera = createRequestListener(server.fetch);
  const paths = new Set(Object.values(server.paths));
  app.use((req: ExpressRequest, res: ExpressResponse, next: () => void) => (paths.has(req.path) ? tessera(req, res) : next()));
}

/** The scopes a route's access token must have: `@Scopes(["invoices:read"])`, read by `TokenGuard`. */
export const Scopes = Reflector.createDecorator<string[]>();

/** The injection token of the `ResourceServer` that `TokenGuard` uses. */
export const RESOURCE_SERVER = Symbol("ResourceServer");

/** Lets a request through only with an access token that has the route's `@Scopes`. */
@Injectable()
export class TokenGuard implements CanActivate {
  constructor(
    @Inject(RESOURCE_SERVER) private readonly resourceServer: ResourceServer,
    @Inject(Reflector) private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<TokenRequest>();
    const scopes = this.reflector.get(Scopes, context.getHandler()) ?? [];
    // What the resource server reads: the method, the URL, the Authorization and DPoP lines; never the body.
    const request = authorizationRequest(req);
    if (request === undefined) throw new BadRequestException(); // no usable Host
    req.principal = await this.resourceServer.authorize(request, scopes); // a refusal goes to the filters
    return true;
  }
}

/** A handler parameter: the principal of the request's access token, as `TokenGuard` left it. */
export const Principal = createParamDecorator(
  (_data: unknown, context: ExecutionContext) => context.switchToHttp().getRequest<TokenRequest>().principal,
);

/** Sends an OAuthError exactly as Tessera renders it (status, WWW-Authenticate, no-store, JSON). */
@Catch(OAuthError)
export class OAuthErrorFilter implements ExceptionFilter<OAuthError> {
  async catch(error: OAuthError, host: ArgumentsHost): Promise<void> {
    await sendResponse(host.switchToHttp().getResponse<ExpressResponse>(), error.toResponse());
  }
}
// #endregion readme
