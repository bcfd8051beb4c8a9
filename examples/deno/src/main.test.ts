import { describeRuntimeExample } from "@tessera/conformance/testing";

describeRuntimeExample("examples/deno", new URL("../", import.meta.url));
