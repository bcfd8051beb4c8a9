import { describeRuntimeExample } from "@tessera/conformance/testing";

describeRuntimeExample("examples/bun", new URL("../", import.meta.url));
