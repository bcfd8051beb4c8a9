import { describeExample } from "@tessera/example-config/testing";

describeExample("examples/node", new URL("../dist/main.js", import.meta.url));
