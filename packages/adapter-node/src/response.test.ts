import { connect } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { FetchHandler } from "./index.js";
import { delay, eventually, exchange, listen, listeningScenarioServer, type Listening } from "./wire.test.helpers.js";

const utf8 = new TextEncoder();

/** Per-path handlers, so one server serves every case. */
const routes = new Map<string, FetchHandler>();
const reported: unknown[] = [];
let server: Listening;

beforeAll(async () => {
  server = await listen(
    (request) => {
      const route = routes.get(new URL(request.url).pathname);
      return route === undefined ? new Response("no route", { status: 404 }) : route(request);
    },
    { onError: (error) => reported.push(error) },
  );
});

afterAll(async () => {
  await server.close();
});

afterEach(() => {
  routes.clear();
  reported.length = 0;
});

function get(path: string, method = "GET"): string {
  return `${method} ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`;
}

function count(lines: readonly (readonly [string, string])[], name: string): number {
  return lines.filter(([n]) => n === name).length;
}

describe("Response → ServerResponse: head", () => {
  it("sends a one-chunk body with Content-Length in one piece", async () => {
    routes.set("/json", () => Response.json({ hello: "world" }));
    const response = await exchange(server.port, [get("/json")]);
    expect(response.status).toBe(200);
    expect(response.header("content-length")).toBe(String('{"hello":"world"}'.length));
    expect(response.header("transfer-encoding")).toBeUndefined();
    expect(response.body.toString()).toBe('{"hello":"world"}');
  });

  it("keeps a Content-Length the handler set, once", async () => {
    routes.set("/sized", () => new Response("12345", { headers: { "content-length": "5" } }));
    const response = await exchange(server.port, [get("/sized")]);
    expect(count(response.headerLines, "content-length")).toBe(1);
    expect(response.body.toString()).toBe("12345");
  });

  it("keeps every Set-Cookie separate", async () => {
    routes.set("/cookies", () => {
      const headers = new Headers();
      headers.append("set-cookie", "a=1; Path=/; HttpOnly");
      headers.append("set-cookie", "b=2, with a comma; Path=/");
      headers.append("x-other", "x");
      return new Response("ok", { headers });
    });
    const raw = await exchange(server.port, [get("/cookies")]);
    expect(raw.headerLines.filter(([name]) => name === "set-cookie").map(([, value]) => value)).toEqual([
      "a=1; Path=/; HttpOnly",
      "b=2, with a comma; Path=/",
    ]);
    const viaFetch = await fetch(`${server.origin}/cookies`);
    expect(viaFetch.headers.getSetCookie()).toEqual(["a=1; Path=/; HttpOnly", "b=2, with a comma; Path=/"]);
  });

  it("keeps the status and its reason phrase", async () => {
    routes.set("/teapot", () => new Response("short and stout", { status: 418, statusText: "I'm a teapot" }));
    const response = await exchange(server.port, [get("/teapot")]);
    expect(response.statusLine).toBe("HTTP/1.1 418 I'm a teapot");
  });

  it("ends a null body at once, and an empty one with Content-Length: 0", async () => {
    routes.set("/no-content", () => new Response(null, { status: 204 }));
    routes.set("/empty", () => new Response(""));
    const noContent = await exchange(server.port, [get("/no-content")]);
    expect(noContent.status).toBe(204);
    expect(noContent.body.byteLength).toBe(0);
    const empty = await exchange(server.port, [get("/empty")]);
    expect(empty.status).toBe(200);
    expect(empty.header("content-length")).toBe("0");
    expect(empty.body.byteLength).toBe(0);
  });

  it("answers 500 for a Response whose body was already used, and reports it", async () => {
    routes.set("/used", async () => {
      const response = new Response("read once");
      await response.text();
      return response;
    });
    routes.set("/fine", () => new Response("fine"));
    const response = await exchange(server.port, [get("/used")]);
    expect(response.status).toBe(500);
    expect(reported).toHaveLength(1);
    expect(reported[0]).toBeInstanceOf(TypeError);
    expect((await fetch(`${server.origin}/fine`)).status).toBe(200);
  });
  it("answers 500 when Node refuses a header value the Response allowed, and reports it", async () => {
    // Fetch allows control characters other than NUL, CR and LF in a value; Node does not.
    routes.set("/control", () => new Response("x", { headers: { "x-control": "a\u0001b" } }));
    const response = await exchange(server.port, [get("/control")]);
    expect(response.statusLine).toBe("HTTP/1.1 500 Internal Server Error");
    expect(response.header("x-control")).toBeUndefined();
    expect(reported).toHaveLength(1);
    expect((reported[0] as { code?: string }).code).toBe("ERR_INVALID_CHAR");
  });
});

describe("HEAD", () => {
  const scenarioServer = listeningScenarioServer();

  it("sends the core's metadata headers and no body", async () => {
    const response = await exchange(scenarioServer().port, [get("/.well-known/oauth-authorization-server", "HEAD")]);
    expect(response.status).toBe(200);
    expect(response.header("content-type")).toBe("application/json");
    expect(response.body.byteLength).toBe(0);
  });

  it("drops the body of a HEAD answer that has one (the core's 405 from /token)", async () => {
    const response = await exchange(scenarioServer().port, [get("/token", "HEAD")]);
    expect(response.status).toBe(405);
    expect(response.header("allow")).toBe("POST");
    expect(response.body.byteLength).toBe(0);
  });

  it("cancels a body it does not send", async () => {
    let cancelled = false;
    routes.set("/head", () => new Response(new ReadableStream({ cancel: () => void (cancelled = true) })));
    const response = await exchange(server.port, [get("/head", "HEAD")]);
    expect(response.status).toBe(200);
    expect(response.body.byteLength).toBe(0);
    expect(await eventually(() => cancelled)).toBe(true);
  });

  it("answers HEAD through fetch too", async () => {
    const response = await fetch(`${scenarioServer().origin}/.well-known/jwks.json`, { method: "HEAD" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/jwk-set+json");
    expect(await response.text()).toBe("");
  });
});

describe("streamed bodies", () => {
  it("streams a multi-chunk body with chunked transfer coding", async () => {
    routes.set("/chunks", () => {
      const parts = ["one,", "two,", "three"];
      return new Response(
        new ReadableStream<Uint8Array>({
          async pull(controller) {
            await delay(10);
            const part = parts.shift();
            if (part === undefined) controller.close();
            else controller.enqueue(utf8.encode(part));
          },
        }),
      );
    });
    const raw = await exchange(server.port, [get("/chunks")]);
    expect(raw.header("transfer-encoding")).toBe("chunked");
    expect(raw.header("content-length")).toBeUndefined();
    const viaFetch = await fetch(`${server.origin}/chunks`);
    expect(await viaFetch.text()).toBe("one,two,three");
  });

  it("sends the head and first chunk without waiting for the next one", async () => {
    let firstArrived: () => void = () => {};
    const arrived = new Promise<void>((resolve) => (firstArrived = resolve));
    routes.set("/live", () => {
      let sent = 0;
      return new Response(
        new ReadableStream<Uint8Array>({
          async pull(controller) {
            if (sent === 0) controller.enqueue(utf8.encode("first;"));
            else if (sent === 1) {
              await arrived; // only produced once the client has seen the first chunk
              controller.enqueue(utf8.encode("second"));
            } else controller.close();
            sent++;
          },
        }),
      );
    });
    const response = await fetch(`${server.origin}/live`);
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe("first;");
    firstArrived();
    let rest = "";
    for (let next = await reader.read(); !next.done; next = await reader.read()) rest += new TextDecoder().decode(next.value);
    expect(rest).toBe("second");
  });

  it("honours backpressure: a client that does not read stops the producer", async () => {
    const chunk = new Uint8Array(64 * 1024).fill(97);
    const total = 64 * 1024 * 1024;
    let produced = 0;
    routes.set("/big", () =>
      new Response(
        new ReadableStream<Uint8Array>(
          {
            pull(controller) {
              if (produced >= total) {
                controller.close();
                return;
              }
              produced += chunk.byteLength;
              controller.enqueue(chunk);
            },
          },
          { highWaterMark: 1 },
        ),
      ),
    );

    const socket = connect(server.port, "127.0.0.1");
    let received = 0;
    const done = new Promise<void>((resolve) => socket.on("close", () => resolve()));
    socket.on("data", (data: Buffer) => (received += data.byteLength));
    socket.write(get("/big"));
    await eventually(() => received > 0);
    socket.pause();
    await delay(300);
    const producedWhilePaused = produced;
    // Socket buffers hold some megabytes; without backpressure all 64 MiB would be produced.
    expect(producedWhilePaused).toBeLessThan(total / 2);
    socket.resume();
    await done;
    expect(produced).toBe(total);
    expect(received).toBeGreaterThan(total);
  });

  it("cancels the body stream when the client disconnects mid-stream", async () => {
    let cancelled = false;
    routes.set("/endless", () =>
      new Response(
        new ReadableStream<Uint8Array>({
          async pull(controller) {
            await delay(5);
            controller.enqueue(utf8.encode("tick\n"));
          },
          cancel() {
            cancelled = true;
          },
        }),
      ),
    );
    const controller = new AbortController();
    const response = await fetch(`${server.origin}/endless`, { signal: controller.signal });
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    expect(await eventually(() => cancelled)).toBe(true);
    expect(reported).toEqual([]);
  });

  it("cancels a body stream that has not produced anything when the client leaves", async () => {
    let cancelled = false;
    routes.set("/silent", () => new Response(new ReadableStream({ cancel: () => void (cancelled = true) })));
    const socket = connect(server.port, "127.0.0.1");
    socket.write(get("/silent"));
    await delay(50);
    socket.destroy();
    expect(await eventually(() => cancelled)).toBe(true);
  });

  it("answers 500 when the body stream fails before its first chunk", async () => {
    const failure = new Error("stream broke");
    routes.set("/fails-early", () =>
      new Response(
        new ReadableStream({
          pull(controller) {
            controller.error(failure);
          },
        }),
      ),
    );
    const response = await exchange(server.port, [get("/fails-early")]);
    expect(response.status).toBe(500);
    expect(JSON.parse(response.body.toString())).toMatchObject({ error: "server_error" });
    expect(reported).toEqual([failure]);
  });

  it("refuses a body stream of something other than bytes with 500", async () => {
    routes.set("/strings", () => new Response(new ReadableStream({ start: (c) => (c.enqueue("text"), c.close()) })));
    const response = await exchange(server.port, [get("/strings")]);
    expect(response.status).toBe(500);
    expect(reported[0]).toBeInstanceOf(TypeError);
  });

  it("cuts the connection when the body stream fails after the head was sent", async () => {
    const failure = new Error("stream broke later");
    routes.set("/fails-late", () => {
      let step = 0;
      return new Response(
        new ReadableStream<Uint8Array>({
          async pull(controller) {
            await delay(10);
            if (step++ < 2) controller.enqueue(utf8.encode("partial;"));
            else controller.error(failure);
          },
        }),
      );
    });
    const response = await fetch(`${server.origin}/fails-late`);
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
    expect(await eventually(() => reported.length === 1)).toBe(true);
    expect(reported).toEqual([failure]);
    routes.set("/fine", () => new Response("fine"));
    expect((await fetch(`${server.origin}/fine`)).status).toBe(200);
  });
});
