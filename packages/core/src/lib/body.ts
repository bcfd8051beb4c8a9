import { OAuthError } from "../errors.js";

/**
 * Reads the body into bytes, refusing with 413 as soon as it exceeds `limit`: from
 * `Content-Length` without reading at all, or mid-stream for a chunked body, cancelling the
 * rest so an oversize upload is never buffered.
 */
export async function readBody(request: Request, limit: number): Promise<Uint8Array> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) throw payloadTooLarge(request);
  if (request.body === null) return new Uint8Array(0);

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      length += value.byteLength;
      if (length > limit) {
        reader.cancel().catch(() => {});
        throw payloadTooLarge(request);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof OAuthError) throw error;
    throw OAuthError.invalidRequest("The request body could not be read.", { cause: error });
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const body = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

function payloadTooLarge(request: Request): OAuthError {
  // Let the runtime drop the unread rest of the body rather than keep the connection busy.
  request.body?.cancel().catch(() => {});
  return OAuthError.invalidRequest("The request body is too large.", { status: 413 });
}
