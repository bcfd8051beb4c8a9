/**
 * `@tessera/hono`: mount a Tessera authorization server on a Hono app.
 *
 * @packageDocumentation
 */
export { tessera } from "./app.js";
export { jwksHandler, metadataHandler, tokenHandler, type TesseraHandler } from "./handlers.js";
