import { OAuthError } from "../protocol/errors.js";

/**
 * Reads the body into bytes, refusing with 413 as soon as it exceeds `limit`: from
 * `Content-Length` without reading at all, or mid-stream for a chunked body, cancelling the
 * rest so an oversize upload is never buffered.
 *
 * A body whose declared length is within the limit is read with one `arrayBuffer()` call rather
 * than through its stream: runtimes and adapters answer that call without a `ReadableStream`
 * where they can (@hono/node-server reads it straight from the socket, where touching
 * `request.body` would make it build a whole WHATWG `Request`; bench/PROFILE.md has the cost). A
 * body cannot be longer than its declared length over HTTP, since the runtime frames it by that
 * length (RFC 9112 §6.2); a `Request` made in-process can lie, so the length read is checked again.
 */
export async function readBody(request: Request, limit: number): Promise<Uint8Array> {
  // A body someone else already read is a programming error (middleware that read it first),
  // not the client's: a 500 reported to `onError` rather than an empty form.
  if (request.bodyUsed) throw new TypeError("the request body has already been read");
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) throw payloadTooLarge(request);
  if (declared !== null && decimalLength.test(declared)) return readDeclaredBody(request, limit);
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
    throw unreadable(error);
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

/** RFC 9110 §8.6: `Content-Length = 1*DIGIT`. */
const decimalLength = /^[0-9]+$/;

async function readDeclaredBody(request: Request, limit: number): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await request.arrayBuffer());
  } catch (error) {
    throw unreadable(error);
  }
  if (bytes.byteLength > limit) throw tooLarge();
  return bytes;
}

function unreadable(cause: unknown): OAuthError {
  return OAuthError.invalidRequest("The request body could not be read.", { cause });
}

function payloadTooLarge(request: Request): OAuthError {
  // Let the runtime drop the unread rest of the body rather than keep the connection busy.
  request.body?.cancel().catch(() => {});
  return tooLarge();
}

/** 413 `invalid_request`: the body is over the server's limit. */
export function tooLarge(): OAuthError {
  return OAuthError.invalidRequest("The request body is too large.", { status: 413 });
}
