import { describeRuntimeExample } from "@tessera/conformance/examples";

describeRuntimeExample("examples/cloudflare-worker", new URL("../", import.meta.url));
