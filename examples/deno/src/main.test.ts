import { describeRuntimeExample } from "@tessera/runtimes/testing";

describeRuntimeExample("examples/deno", new URL("../", import.meta.url));
