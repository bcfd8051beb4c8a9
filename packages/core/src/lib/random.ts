/**
 * Random bytes from the platform CSPRNG (`crypto.getRandomValues`), drawn 4 KiB at a time: one
 * call per 256 token ids instead of one per id, which matters on Node, where each call costs
 * about as much as serialising a token's claims. Every byte is handed out once. The first batch
 * is drawn on first use, not at import: Cloudflare Workers refuse random values in global scope.
 */
const batchSize = 4096;
let batch = new Uint8Array(0);
let used = 0;

/** `length` fresh random bytes, at most 4096. */
export function randomBytes(length: number): Uint8Array {
  if (used + length > batch.length) {
    // A new array each time, so bytes handed out before are never overwritten.
    batch = crypto.getRandomValues(new Uint8Array(batchSize));
    used = 0;
  }
  const bytes = batch.subarray(used, used + length);
  used += length;
  return bytes;
}
