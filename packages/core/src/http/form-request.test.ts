import { describe, expect, it, vi } from "vitest";
import { OAuthError } from "../protocol/errors.js";
import { fromRequest } from "./exchange.js";
import { readFormRequest, type FormRequestLimits } from "./form-request.js";

/** readFormRequest on a `Request`, as the server's `fetch` hands it over. */
const readRequest = (request: Request, limits: FormRequestLimits) => readFormRequest(fromRequest(request), limits);

const form = { "content-type": "application/x-www-form-urlencoded" };

function streamingRequest(body: ReadableStream<Uint8Array>, headers: Record<string, string> = {}): Request {
  return new Request("https://as.example/token", {
    method: "POST",
    headers: { ...form, ...headers },
    body,
    duplex: "half",
  } as RequestInit);
}

async function failure(promise: Promise<unknown>): Promise<OAuthError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(OAuthError);
  return error as OAuthError;
}

describe("readFormRequest", () => {
  it("parses the form body once into typed parameters", async () => {
    const request = new Request("https://as.example/token", {
      method: "POST",
      headers: form,
      body: "grant_type=client_credentials&scope=a+b&empty=",
    });
    const parsed = await readRequest(request, { maxBodyBytes: 1024 });
    expect(parsed.params).toEqual(new Map([["grant_type", "client_credentials"], ["scope", "a b"]]));
  });

  it("refuses a declared Content-Length over the limit without reading a byte", async () => {
    let pulled = 0;
    let cancelled = false;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(1024));
      },
      cancel() {
        cancelled = true;
      },
    });
    const error = await failure(readRequest(streamingRequest(endless, { "content-length": "999999" }), { maxBodyBytes: 1024 }));
    expect(error.status).toBe(413);
    expect(error.code).toBe("invalid_request");
    expect(pulled).toBeLessThanOrEqual(1); // the stream's own start-up pull at most
    expect(cancelled).toBe(true);
  });

  it("stops reading an endless chunked body as soon as it passes the limit", async () => {
    let pulled = 0;
    let cancelled = false;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new TextEncoder().encode("a=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa&"));
      },
      cancel() {
        cancelled = true;
      },
    });
    const error = await failure(readRequest(streamingRequest(endless), { maxBodyBytes: 1024 }));
    expect(error.status).toBe(413);
    expect(pulled).toBeLessThan(40);
    expect(cancelled).toBe(true);
  });

  it("answers invalid_request when the body stream fails", async () => {
    const broken = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("grant_type="));
        controller.error(new Error("connection reset"));
      },
    });
    const error = await failure(readRequest(streamingRequest(broken), { maxBodyBytes: 1024 }));
    expect(error.status).toBe(400);
    expect(error.code).toBe("invalid_request");
    expect(error.description).not.toContain("reset");
  });

  it("joins a body that arrives in many chunks", async () => {
    const parts = ["grant_type=cli", "ent_credentials&sc", "ope=r%", "C3%A9ad"];
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const part of parts) controller.enqueue(new TextEncoder().encode(part));
        controller.close();
      },
    });
    const parsed = await readRequest(streamingRequest(chunked), { maxBodyBytes: 1024 });
    expect(parsed.params.get("scope")).toBe("réad");
  });

  it("accepts a body exactly at the limit", async () => {
    const body = `grant_type=client_credentials&pad=${"x".repeat(100)}`;
    const request = new Request("https://as.example/token", { method: "POST", headers: form, body });
    await expect(readRequest(request, { maxBodyBytes: body.length })).resolves.toMatchObject({ params: new Map([["grant_type", "client_credentials"], ["pad", "x".repeat(100)]]) });
    const over = new Request("https://as.example/token", { method: "POST", headers: form, body });
    expect((await failure(readRequest(over, { maxBodyBytes: body.length - 1 }))).status).toBe(413);
  });

  it("reads a body of declared length with one arrayBuffer() call, never touching its stream", async () => {
    const body = "grant_type=client_credentials&scope=read";
    const headers = { ...form, "content-length": String(body.length) };
    const request = new Request("https://as.example/token", { method: "POST", headers, body });
    // What @hono/node-server's request does: `body` builds a whole WHATWG Request, arrayBuffer() does not.
    let streamTouched = false;
    Object.defineProperty(request, "body", {
      get() {
        streamTouched = true;
        return null;
      },
    });
    const arrayBuffer = vi.spyOn(request, "arrayBuffer");
    const parsed = await readRequest(request, { maxBodyBytes: 1024 });
    expect(parsed.params.get("scope")).toBe("read");
    expect(arrayBuffer).toHaveBeenCalledOnce();
    expect(streamTouched).toBe(false);
  });

  it("refuses a body longer than its declared Content-Length, which only an in-process Request can send", async () => {
    const lying = streamingRequest(
      new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(`grant_type=client_credentials&pad=${"x".repeat(2000)}`));
          controller.close();
        },
      }),
      { "content-length": "10" },
    );
    const error = await failure(readRequest(lying, { maxBodyBytes: 1024 }));
    expect(error.status).toBe(413);
  });

  it("treats a body someone already read as a programming error, not the client's", async () => {
    for (const headers of [form, { ...form, "content-length": "12" }]) {
      const request = new Request("https://as.example/token", { method: "POST", headers, body: "grant_type=x" });
      await request.text();
      await expect(readRequest(request, { maxBodyBytes: 1024 })).rejects.toThrow(TypeError);
    }
  });
});
