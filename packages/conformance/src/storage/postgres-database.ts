import { inject } from "vitest";

/**
 * A URL to a new, empty PostgreSQL database on the test run's one server (see global-setup.ts):
 * the server named by `DATABASE_URL`, or one started from npm on the first call.
 */
export async function postgresDatabase(): Promise<string> {
  const response = await fetch(inject("tesseraPostgres"), { method: "POST" });
  if (!response.ok) throw new Error(`no test database: ${await response.text()}`);
  return ((await response.json()) as { url: string }).url;
}
