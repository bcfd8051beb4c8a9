import { describeRuntimeExample } from "@tessera/runtimes/testing";

describeRuntimeExample("examples/cloudflare-worker", new URL("../", import.meta.url));
