import { describeRuntimeExample } from "@tessera/conformance/testing";

describeRuntimeExample("examples/cloudflare-worker", new URL("../", import.meta.url));
