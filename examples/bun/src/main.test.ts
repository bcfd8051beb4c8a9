import { describeRuntimeExample } from "@tessera/runtimes/testing";

describeRuntimeExample("examples/bun", new URL("../", import.meta.url));
