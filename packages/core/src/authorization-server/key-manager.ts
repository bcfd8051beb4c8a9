import type { KeyManager } from "../tokens/key-manager.js";
import type { SigningAlgorithm, SigningKeyInput } from "../tokens/keys.js";
import { emit } from "./events.js";
import type { ResolvedOptions } from "./options.js";
import { importKeyForSet, type StartedState } from "./startup.js";

/**
 * The {@link KeyManager} of a server: every method waits for start-up, then changes its key set
 * and tells `keyAdded`, `keyActivated` or `keyRetired`.
 */
export function createKeyManager({ issuer, events, onError }: ResolvedOptions, state: Promise<StartedState>): KeyManager {
  const algOf = async (kid: string) => (await (await state).keySet.list()).find((key) => key.kid === kid)?.alg as SigningAlgorithm;
  return Object.freeze({
    issuer,
    jwks: async () => (await state).keySet.published.jwks,
    list: async () => (await state).keySet.list(),
    async add(key: SigningKeyInput) {
      const { keySet } = await state;
      const { kid, alg } = await importKeyForSet(key).then(async (imported) => (await keySet.add(imported), imported));
      emit(events.keyAdded, () => ({ kid, alg }), onError);
      return kid;
    },
    async activate(kid: string) {
      await (await state).keySet.activate(kid);
      const alg = await algOf(kid);
      emit(events.keyActivated, () => ({ kid, alg }), onError);
    },
    async retire(kid: string) {
      const alg = await algOf(kid);
      await (await state).keySet.retire(kid);
      emit(events.keyRetired, () => ({ kid, alg }), onError);
    },
  });
}
