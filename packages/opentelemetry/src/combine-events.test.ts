import type { AuthorizationServerEvents, RequestCompletedEvent } from "@tessera/core";
import { scenarioClients } from "@tessera/conformance/tables";
import { describe, expect, it } from "vitest";
import { combineEvents } from "./combine-events.js";
import { instrumentation } from "./instrumentation.js";
import { inMemoryTelemetry, scenarioServer, settle, tokenRequest } from "./telemetry.test.helpers.js";

describe("combineEvents", () => {
  it("calls every hook for its event, in order, on a real server", async () => {
    const telemetry = inMemoryTelemetry();
    const seen: string[] = [];
    const mine: AuthorizationServerEvents = {
      requestCompleted: (event) => void seen.push(`mine ${event.status}`),
      clientAuthenticationFailed: () => void seen.push("failed"),
    };
    const { events } = instrumentation({ tracerProvider: telemetry.tracerProvider });
    const server = await scenarioServer({ events: combineEvents(events, mine, undefined) });
    await server.fetch(tokenRequest(scenarioClients.service.clientId, "wrong-secret"));
    expect(seen).toEqual(["failed", "mine 401"]);
    expect(telemetry.spans()).toHaveLength(1);
    await telemetry.shutdown();
  });

  it("keeps a lone hook as it is, and calls the others when one throws or rejects, then tells onError of each failure", async () => {
    const lone = () => {};
    expect(combineEvents({ keyAdded: lone }, {}).keyAdded).toBe(lone);

    const calls: string[] = [];
    const first = new Error("first");
    const second = new Error("second");
    const event = {} as RequestCompletedEvent;
    const throwing = combineEvents(
      { requestCompleted: () => { calls.push("a"); throw first; } },
      { requestCompleted: () => void calls.push("b") },
    );
    expect(() => throwing.requestCompleted?.(event)).toThrow(first);
    expect(calls).toEqual(["a", "b"]);

    const both = combineEvents(
      { requestCompleted: () => { throw first; } },
      { requestCompleted: async () => { throw second; } },
      { requestCompleted: async () => {} },
    );
    await expect(both.requestCompleted?.(event)).rejects.toEqual(new AggregateError([first, second], "several event hooks failed"));
    const quiet = combineEvents({ requestCompleted: () => {} }, { requestCompleted: () => {} });
    expect(quiet.requestCompleted?.(event)).toBeUndefined();

    const reported: unknown[] = [];
    const server = await scenarioServer({
      events: combineEvents({ requestCompleted: async () => { throw second; } }, { requestCompleted: () => {} }),
      onError: (error) => void reported.push(error),
    });
    expect((await server.fetch(new Request("http://localhost/health/live"))).status).toBe(200);
    await settle();
    expect(reported).toEqual([second]);
  });
});
