import { describeRuntimeExample } from "@tessera/conformance/examples";

describeRuntimeExample("examples/deno", new URL("../", import.meta.url));
