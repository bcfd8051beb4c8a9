/**
 * The core's two hand-written primitives against the WebCrypto calls they replace, each called
 * as the token path calls it once per token request:
 * - `digest-tessera`: the core's synchronous SHA-256 of a client secret (`lib/sha256.ts`);
 * - `digest-webcrypto`: `crypto.subtle.digest("SHA-256", …)` of the same bytes;
 * - `random-tessera`: the core's 16 random bytes for a `jti`, drawn from a batch (`lib/random.ts`);
 * - `random-webcrypto`: `crypto.getRandomValues(new Uint8Array(16))`.
 * The core's modules are not part of its public API, so they are loaded from its build by path.
 */
import type { Operation } from "./loop.js";

export const primitiveTargets = ["digest-tessera", "digest-webcrypto", "random-tessera", "random-webcrypto"] as const;
export type PrimitiveTarget = (typeof primitiveTargets)[number];

const coreBuild = new URL("../../../packages/core/dist/lib/", import.meta.url);
/** A client secret as `generateClientSecret` makes them: 43 base64url characters. */
const secret = new TextEncoder().encode("n0tA-real-secret_but-the-same-length-012345");

export async function preparePrimitive(target: PrimitiveTarget): Promise<{ operation: Operation; checked: string }> {
  switch (target) {
    case "digest-tessera":
    case "digest-webcrypto": {
      const { sha256 } = (await import(new URL("sha256.js", coreBuild).href)) as { sha256(bytes: Uint8Array): Uint8Array };
      const expected = Buffer.from(await crypto.subtle.digest("SHA-256", secret)).toString("hex");
      if (Buffer.from(sha256(secret)).toString("hex") !== expected) throw new Error("the core's SHA-256 disagrees with WebCrypto's");
      const operation: Operation =
        target === "digest-tessera" ? async () => sha256(secret) : () => crypto.subtle.digest("SHA-256", secret);
      return { operation, checked: "its digest equals crypto.subtle.digest's" };
    }
    case "random-tessera":
    case "random-webcrypto": {
      const { randomBytes } = (await import(new URL("random.js", coreBuild).href)) as { randomBytes(length: number): Uint8Array };
      const draw = target === "random-tessera" ? () => randomBytes(16) : () => crypto.getRandomValues(new Uint8Array(16));
      const seen = new Set(Array.from({ length: 1000 }, () => Buffer.from(draw()).toString("hex")));
      if (seen.size !== 1000) throw new Error("random bytes repeated");
      return { operation: async () => draw(), checked: "1,000 draws of 16 bytes, all distinct" };
    }
  }
}
