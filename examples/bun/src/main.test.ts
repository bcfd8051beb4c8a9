import { describeRuntimeExample } from "@tessera/conformance/examples";

describeRuntimeExample("examples/bun", new URL("../", import.meta.url));
