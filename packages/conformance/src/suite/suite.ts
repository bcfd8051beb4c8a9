import { behaviourChecks } from "./behaviour-checks.js";
import { createSuiteContext, type ConformanceCheck, type ConformanceLibrary } from "./context.js";
import { documentChecks } from "./document-checks.js";
import { authorizationServerTableChecks, resourceServerTableChecks } from "./table-checks.js";
import { tokenChecks } from "./token-checks.js";

/** How one check went on one runtime. */
export interface ConformanceResult {
  readonly name: string;
  readonly problems: readonly string[];
}

/**
 * The checks, in order: every row of the token endpoint and the revocation and introspection
 * tables; the metadata and JWKS documents and routing; tokens verified against the JWKS as a
 * resource server would (RS256, ES256 and EdDSA keys, both client authentication methods, key
 * rotation, concurrent requests); a hashed client secret, a failing repository; then the resource
 * server: every row of the protected resource table, and discovery of the JWKS through the
 * metadata. Listing them does no work: servers and keys are made when a check runs (Workers
 * refuse random values outside a request).
 */
export function conformanceChecks(library: ConformanceLibrary): readonly ConformanceCheck[] {
  const context = createSuiteContext(library);
  return [
    ...authorizationServerTableChecks(context),
    ...documentChecks(context),
    ...tokenChecks(context),
    ...behaviourChecks(context),
    ...resourceServerTableChecks(context),
  ];
}

/**
 * Runs every check, one after another; a check that throws fails with the error's message.
 * Resolves with one result per check, in order.
 */
export async function runConformance(library: ConformanceLibrary): Promise<ConformanceResult[]> {
  const results: ConformanceResult[] = [];
  for (const check of conformanceChecks(library)) {
    let problems: readonly string[];
    try {
      problems = await check.run();
    } catch (error) {
      problems = [`threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`];
    }
    results.push({ name: check.name, problems });
  }
  return results;
}
