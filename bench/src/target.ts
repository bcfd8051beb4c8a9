/**
 * One bench target, run as a child process: `node dist/target.js <name>`. Serves the bench
 * server on 127.0.0.1, an ephemeral port, prints `{"port":…}` on one line, and exits when its
 * stdin closes, so it never outlives the bench that started it.
 */
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { tessera } from "@tessera/hono";
import { createServer } from "@tessera/node";
import { createBenchServer } from "./fixture.js";
import { isTargetName, targets, type TargetName } from "./targets.js";

const hostname = "127.0.0.1";

async function listen(name: TargetName): Promise<AddressInfo> {
  const server = await createBenchServer();
  switch (name) {
    case "tessera-node": {
      const http = createServer(server.fetch);
      http.listen(0, hostname);
      await once(http, "listening");
      return http.address() as AddressInfo;
    }
    case "hono-node-server": {
      const http = serve({ fetch: server.fetch, port: 0, hostname });
      await once(http, "listening");
      return http.address() as AddressInfo;
    }
    case "tessera-hono": {
      const http = serve({ fetch: tessera(server).fetch, port: 0, hostname });
      await once(http, "listening");
      return http.address() as AddressInfo;
    }
  }
}

const name = process.argv[2];
if (!isTargetName(name)) {
  console.error(`usage: node target.js <${targets.map((target) => target.name).join("|")}>`);
  process.exit(2);
}
const { port } = await listen(name);
process.stdin.on("close", () => process.exit(0));
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
process.stdout.write(`${JSON.stringify({ port })}\n`);
