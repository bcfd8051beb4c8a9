/**
 * The NestJS recipe's pieces (tessera.ts) in an app: the demo routes the tests call, guarded by
 * `TokenGuard`, and `createApp`, which mounts Tessera's endpoints and registers the filter.
 */
// #region readme
import { Controller, Get, Module, UseGuards, type DynamicModule } from "@nestjs/common";
import { NestFactory } from "@nestjs/core";
import type { NestExpressApplication } from "@nestjs/platform-express";
import type { AccessTokenPrincipal, AuthorizationServer, ResourceServer } from "@tessera/core";
import { mountTessera, OAuthErrorFilter, Principal, RESOURCE_SERVER, Scopes, TokenGuard } from "./tessera.js";

@Controller("api")
@UseGuards(TokenGuard)
export class ApiController {
  @Get("read")
  @Scopes(["read"])
  read(@Principal() principal: AccessTokenPrincipal) {
    return { client_id: principal.clientId, scope: principal.scopes.join(" ") };
  }

  @Get("admin")
  @Scopes(["admin"])
  admin(@Principal() principal: AccessTokenPrincipal) {
    return { client_id: principal.clientId, scope: principal.scopes.join(" ") };
  }
}

@Module({})
export class AppModule {
  static with(resourceServer: ResourceServer): DynamicModule {
    return { module: AppModule, controllers: [ApiController], providers: [{ provide: RESOURCE_SERVER, useValue: resourceServer }] };
  }
}

export async function createApp(server: AuthorizationServer, resourceServer: ResourceServer): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.with(resourceServer), { logger: ["error", "warn"] });
  mountTessera(app, server);
  app.useGlobalFilters(new OAuthErrorFilter());
  return app;
}
// #endregion readme
