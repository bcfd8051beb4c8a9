/**
 * Starts a group's target on the group's runtime, whatever kind it is (targets.ts), and checks
 * it before it is timed: an HTTP token endpoint's token must verify (check.ts), a protected
 * resource must accept and refuse the group's tokens as it should (verify/check.ts), and an
 * in-process target checks itself before it says it is ready.
 */
import { checkHttpTarget } from "./check.js";
import { Child } from "./child.js";
import { tokenRequest, type BenchKeys } from "./fixture.js";
import { expectations, type GroupSpec, type RowSpec } from "./groups.js";
import { startFetchTarget } from "./runtimes/fetch-target.js";
import { runtimeExecutable } from "./runtimes/runtime.js";
import { startExampleTarget } from "./servers/examples.js";
import type { TargetProcess } from "./target-process.js";
import type { ExampleTarget, FetchTarget } from "./target-names.js";
import { label, targetKind } from "./targets.js";
import { checkProtectedResource, revokeAtExample } from "./verify/check.js";
import type { TokenSet } from "./verify/token-set.js";

export interface GroupContext {
  readonly keys: BenchKeys;
  /** A verifier group's tokens, and the file its targets read them from. */
  readonly tokens?: { readonly set: TokenSet; readonly file: string } | undefined;
  /** A `taskset -c` CPU list for the target. */
  readonly cpus?: string | undefined;
  /** Runs a worker with `--expose-gc` (bench:memory). */
  readonly exposeGc?: boolean | undefined;
}

export async function startTarget(row: RowSpec, group: GroupSpec, context: GroupContext): Promise<TargetProcess> {
  const env: Record<string, string> = { BENCH_REVOCATION: group.revocation ? "on" : "off" };
  if (context.tokens !== undefined) env.BENCH_TOKENS_FILE = context.tokens.file;
  const { keys, cpus } = context;
  switch (targetKind(row.target)) {
    case "worker-http":
    case "worker-in-process": {
      const node = runtimeExecutable(group.runtime);
      return (await Child.start(row.target, group.alg, { keys, cpus, node, env, exposeGc: context.exposeGc })).child;
    }
    case "example":
      return startExampleTarget(row.target as ExampleTarget, group.runtime, group.alg, { keys, cpus, store: row.store });
    case "fetch":
      return startFetchTarget(row.target as FetchTarget, group.runtime, group.alg, { keys, cpus, env });
  }
}

/** Checks a started target as its group needs; resolves with what was checked, throws naming the target. */
export async function checkTarget(row: RowSpec, group: GroupSpec, target: TargetProcess, context: GroupContext): Promise<string> {
  try {
    if (target.port === undefined) return target.checked ?? "checked";
    const origin = `http://127.0.0.1:${target.port}`;
    if (group.unit === "tokens") {
      await checkHttpTarget(`${origin}${tokenRequest.path}`, context.keys[group.alg], expectations(row.target, group.alg));
      return "its token verifies";
    }
    const tokens = context.tokens?.set;
    if (tokens === undefined) throw new Error("a verifier group without tokens");
    // An example checks revocations through its own repository: the token is revoked there, as its client would.
    if (group.revocation && targetKind(row.target) === "example") await revokeAtExample(origin, tokens);
    return await checkProtectedResource(origin, tokens, group.revocation);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${label(row.target, group.runtime, row.store)} (${group.id}) failed its check: ${message}`);
  }
}
