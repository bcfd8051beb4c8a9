import type { Client, ClientPage, ClientSecretHash } from "@tessera/core";
import type { D1DatabaseLike } from "./bindings.js";
import { d1Query, type Row } from "./d1-query.js";

const columns = "client_id, disabled, secrets, metadata";

function toParams(client: Client): [string, number, string, string] {
  const { clientId, disabled = false, secrets = [], ...metadata } = JSON.parse(JSON.stringify(client)) as Client;
  return [clientId, disabled ? 1 : 0, JSON.stringify(secrets), JSON.stringify(metadata)];
}

function fromRow(row: Row): Client {
  const metadata = JSON.parse(String(row.metadata)) as Omit<Client, "clientId">;
  const secrets = JSON.parse(String(row.secrets)) as ClientSecretHash[];
  return { ...metadata, clientId: String(row.client_id), secrets, disabled: Number(row.disabled) === 1 };
}

/** The client statements of {@link D1Store}, each one statement (a trigger records the change). */
export function d1ClientStatements(db: D1DatabaseLike) {
  const { all, changed } = d1Query(db);
  const insert = "INSERT INTO tessera_clients (client_id, disabled, secrets, metadata) VALUES (?1, ?2, ?3, ?4)";
  return {
    async getClient(clientId: string): Promise<Client | undefined> {
      const [row] = await all(`SELECT ${columns} FROM tessera_clients WHERE client_id = ?1`, clientId);
      return row === undefined ? undefined : fromRow(row);
    },
    createClient: (client: Client) => changed(`${insert} ON CONFLICT (client_id) DO NOTHING`, ...toParams(client)),
    putClient: (client: Client) =>
      changed(
        `${insert} ON CONFLICT (client_id) DO UPDATE SET disabled = excluded.disabled, secrets = excluded.secrets, metadata = excluded.metadata`,
        ...toParams(client),
      ),
    updateClient: (client: Client) =>
      changed("UPDATE tessera_clients SET disabled = ?2, secrets = ?3, metadata = ?4 WHERE client_id = ?1", ...toParams(client)),
    setClientDisabled: (clientId: string, disabled: boolean) =>
      changed("UPDATE tessera_clients SET disabled = ?2 WHERE client_id = ?1", clientId, disabled ? 1 : 0),
    // Every secret that expires later than ?3 (or never) is capped at ?3, in order; ?2 is appended.
    rotateClientSecret: (clientId: string, secret: ClientSecretHash, previousExpireAt: number) =>
      changed(
        `UPDATE tessera_clients SET secrets = (
          SELECT json_insert(json_group_array(json(CASE
            WHEN json_extract(value, '$.expiresAt') IS NOT NULL AND json_extract(value, '$.expiresAt') <= ?3 THEN value
            ELSE json_set(value, '$.expiresAt', ?3) END) ORDER BY key), '$[#]', json(?2))
          FROM json_each(tessera_clients.secrets)
        ) WHERE client_id = ?1`,
        clientId,
        JSON.stringify(secret),
        previousExpireAt,
      ),
    deleteClient: (clientId: string) => changed("DELETE FROM tessera_clients WHERE client_id = ?1", clientId),
    async listClients(after: string | undefined, limit: number): Promise<ClientPage> {
      const rows = await all(
        `SELECT ${columns} FROM tessera_clients WHERE ?1 IS NULL OR client_id > ?1 ORDER BY client_id LIMIT ?2`,
        after ?? null,
        limit + 1,
      );
      const page = rows.slice(0, limit).map(fromRow);
      return { clients: page, next: rows.length > limit ? page[page.length - 1]?.clientId : undefined };
    },
  };
}
