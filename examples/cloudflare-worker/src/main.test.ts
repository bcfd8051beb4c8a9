import { describeRuntimeExample } from "@tessera/conformance/examples";

// Its pnpm start binds the D1 database and the Durable Object that wrangler.json declares.
describeRuntimeExample("examples/cloudflare-worker", new URL("../", import.meta.url), { storage: "database" });
