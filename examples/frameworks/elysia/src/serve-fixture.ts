/**
 * Serves the recipe on Bun with the test fixture (the scenario clients, such as `service` /
 * `s3cret-service-secret`, and the scenario tokens), on PORT (0: any free port) and 127.0.0.1.
 * Prints the scenario tokens as one JSON line, for the test that starts it (app.test.ts), then
 * the listening line every example prints.
 */
import * as tessera from "@tessera/core";
import { createProtectedResourceFixture } from "@tessera/conformance/tables";
import { createApp } from "./app.js";

const fixture = await createProtectedResourceFixture(tessera);
await fixture.authorizationServer.ready;
const app = createApp(fixture.authorizationServer, tessera.createResourceServer(fixture.resourceServerOptions));
app.listen({ port: Number(Bun.env.PORT ?? 3000), hostname: "127.0.0.1" });

console.log(`tokens: ${JSON.stringify(fixture.tokens)}`); // first: it is in the output once the next line is
console.log(`Tessera token server listening on http://127.0.0.1:${app.server?.port}`);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void app.stop().then(() => process.exit(0)));
