/**
 * The test signing keys of `@tessera/conformance/examples`, under the path this package's own
 * tests import them from. Not exported from the package.
 */
export { generateTestKey, signAccessToken, type TestAccessTokenClaims, type TestKey } from "@tessera/conformance/examples";
