import type { KeyManager } from "../tokens/key-manager.js";
import type { SigningKeyInput } from "../tokens/keys.js";
import { importKeyForSet, type StartedState } from "./startup.js";

/** The {@link KeyManager} of a server: every method waits for start-up, then changes its key set. */
export function createKeyManager(issuer: string, state: Promise<StartedState>): KeyManager {
  return Object.freeze({
    issuer,
    jwks: async () => (await state).keySet.published.jwks,
    list: async () => (await state).keySet.list(),
    async add(key: SigningKeyInput) {
      const { keySet } = await state;
      const imported = await importKeyForSet(key);
      await keySet.add(imported);
      return imported.kid;
    },
    activate: async (kid: string) => (await state).keySet.activate(kid),
    retire: async (kid: string) => (await state).keySet.retire(kid),
  });
}
