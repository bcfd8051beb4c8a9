/**
 * `@tessera/core/store`: what an author of a store needs beside the storage contract (whose types
 * are exported by `@tessera/core`): the checks every store makes of its inputs, so that all
 * stores refuse the same things with the same coded `TypeError`, and the copy of a client a store
 * keeps. Run a new store against the store conformance suite of the repository.
 *
 * @packageDocumentation
 */
export { invalidOption } from "./lib/checks.js";
export {
  checkClient,
  checkClientId,
  checkCounterHit,
  checkCounterKey,
  checkKey,
  checkReservation,
  checkSecret,
  checkTime,
  isStoredClientId,
  isTime,
  storedClient,
} from "./storage/store-checks.js";
