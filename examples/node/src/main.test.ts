import { describeExample } from "@tessera/conformance/examples";

describeExample("examples/node", new URL("../", import.meta.url));
