/**
 * Graceful shutdown over real HTTP: `closeGracefully` closes idle keep-alive connections at once,
 * lets a request in flight finish (its connection closing after it), and cuts what outlasts its
 * bound. The signal handling around it (`shutdown`) is tested on the Node example's process.
 */
import { connect, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { closeGracefully, createListenerServer, createServer } from "./index.js";

const sockets: Socket[] = [];
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.destroy();
});

/** A keep-alive connection that has sent `GET path`; resolves with it and what came back first. */
async function keepAlive(port: number, path: string): Promise<{ socket: Socket; closed: Promise<number>; first: Promise<string> }> {
  const socket = connect(port, "127.0.0.1");
  sockets.push(socket);
  await new Promise((resolve) => socket.once("connect", resolve));
  let received = "";
  const first = new Promise<string>((resolve) => socket.on("data", (chunk) => resolve((received += chunk.toString()))));
  const closed = new Promise<number>((resolve) => socket.once("close", () => resolve(performance.now())));
  socket.write(`GET ${path} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
  return { socket, closed, first };
}

describe("closeGracefully", () => {
  it("closes an idle keep-alive connection at once, finishes a request in flight with Connection: close, then closes", async () => {
    let release: () => void = () => {};
    const slow = new Promise<void>((resolve) => (release = resolve));
    const server = createServer(async (request) => {
      if (new URL(request.url).pathname === "/slow") await slow;
      return new Response("done");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;

    const idle = await keepAlive(port, "/fast");
    expect(await idle.first).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*keep-alive/i);
    const busy = await keepAlive(port, "/slow");
    await new Promise((resolve) => setTimeout(resolve, 50)); // the slow request reaches the handler

    const started = performance.now();
    let closed = false;
    const closing = closeGracefully(server, 5).then(() => (closed = true));
    expect((await idle.closed) - started).toBeLessThan(500);
    expect(closed).toBe(false);

    release();
    const answer = await busy.first;
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(answer.toLowerCase()).toContain("connection: close");
    await closing;
    expect(performance.now() - started).toBeLessThan(2_000);
    await busy.closed;
  });

  it("cuts a request that outlasts the bound", async () => {
    const server = createListenerServer(() => {}); // never answers
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const hanging = await keepAlive(port, "/never");
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    await closeGracefully(server, 0.2);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(150);
    expect(elapsed).toBeLessThan(1_500);
    await hanging.closed;
  });

  it("refuses a wrong timeout, and a wrong shutdown option at construction", () => {
    const server = createListenerServer(() => {});
    expect(() => closeGracefully(server, -1)).toThrow(/^timeout: /);
    expect(() => createServer(() => new Response(), { shutdown: { timeout: -1 } })).toThrow(/^shutdown.timeout: /);
    expect(() => createServer(() => new Response(), { shutdown: "yes" as never })).toThrow(/^shutdown: /);
  });
});
