import type { Client, ClientPage, ClientSecretHash } from "@tessera/core";
import { withChange, type StoreContext } from "./context.js";
import type { SqlRow } from "./driver.js";

const columns = "client_id, disabled, secrets::text AS secrets, metadata::text AS metadata";

/** A client as its row's parameters: id, disabled, secrets and the rest of its metadata as JSON. */
function toParams(client: Client): [string, boolean, string, string] {
  const { clientId, disabled = false, secrets = [], ...metadata } = JSON.parse(JSON.stringify(client)) as Client;
  return [clientId, disabled, JSON.stringify(secrets), JSON.stringify(metadata)];
}

function fromRow(row: SqlRow): Client {
  const metadata = JSON.parse(String(row.metadata)) as Omit<Client, "clientId">;
  const secrets = JSON.parse(String(row.secrets)) as ClientSecretHash[];
  return { ...metadata, clientId: String(row.client_id), secrets, disabled: row.disabled === true };
}

/** Wraps a write to the clients table whose rows return `client_id`, recording `client-changed`. */
function clientChange(context: StoreContext, write: string): string {
  return withChange(context, `${write} RETURNING client_id`, "SELECT 'client-changed', client_id, NULL::float8, NULL::float8");
}

/** The statements of `ClientStore` on PostgreSQL; see `PostgresStore` for what each promises. */
export function clientStatements(context: StoreContext) {
  const { clients } = context.names;
  const insert = `INSERT INTO ${clients} AS t (client_id, disabled, secrets, metadata) VALUES ($1::text, $2::boolean, $3::text::jsonb, $4::text::jsonb)`;
  const create = clientChange(context, `${insert} ON CONFLICT (client_id) DO NOTHING`);
  const put = clientChange(
    context,
    `${insert} ON CONFLICT (client_id) DO UPDATE SET disabled = excluded.disabled, secrets = excluded.secrets, metadata = excluded.metadata`,
  );
  const update = clientChange(context, `UPDATE ${clients} SET disabled = $2::boolean, secrets = $3::text::jsonb, metadata = $4::text::jsonb WHERE client_id = $1::text`);
  const disable = clientChange(context, `UPDATE ${clients} SET disabled = $2::boolean WHERE client_id = $1::text`);
  // Every secret that expires later than $3 (or never) is capped at $3, in order; $2 is appended.
  // One statement: concurrent rotations wait for each other's row lock and each sees the last.
  const rotate = clientChange(
    context,
    `UPDATE ${clients} SET secrets = (
      SELECT coalesce(jsonb_agg(CASE
        WHEN s->>'expiresAt' IS NOT NULL AND (s->>'expiresAt')::float8 <= $3::float8 THEN s
        ELSE jsonb_set(s, '{expiresAt}', to_jsonb($3::float8)) END ORDER BY i), '[]'::jsonb)
      FROM jsonb_array_elements(${clients}.secrets) WITH ORDINALITY AS e(s, i)
    ) || jsonb_build_array($2::text::jsonb) WHERE client_id = $1::text`,
  );
  const remove = clientChange(context, `DELETE FROM ${clients} WHERE client_id = $1::text`);
  const changed = async (text: string, params: Parameters<StoreContext["run"]>[1]) => {
    const rows = await context.run(text, params);
    if (rows.length > 0) await context.wrote();
    return rows.length > 0;
  };
  return {
    async get(clientId: string): Promise<Client | undefined> {
      const [row] = await context.run(`SELECT ${columns} FROM ${clients} WHERE client_id = $1::text`, [clientId]);
      return row === undefined ? undefined : fromRow(row);
    },
    create: (client: Client) => changed(create, toParams(client)),
    put: async (client: Client) => void (await changed(put, toParams(client))),
    update: (client: Client) => changed(update, toParams(client)),
    setDisabled: (clientId: string, disabled: boolean) => changed(disable, [clientId, disabled]),
    rotate: (clientId: string, secret: ClientSecretHash, previousExpireAt: number) =>
      changed(rotate, [clientId, JSON.stringify(secret), previousExpireAt]),
    delete: (clientId: string) => changed(remove, [clientId]),
    async list(after: string | undefined, limit: number): Promise<ClientPage> {
      const rows = await context.run(
        `SELECT ${columns} FROM ${clients} WHERE $1::text IS NULL OR client_id > $1::text ORDER BY client_id LIMIT $2::int4`,
        [after ?? null, limit + 1],
      );
      const page = rows.slice(0, limit).map(fromRow);
      return { clients: page, next: rows.length > limit ? page[page.length - 1]?.clientId : undefined };
    },
  };
}
