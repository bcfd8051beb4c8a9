import { migrate as migrateDatabase, schemaVersion } from "@tessera/postgres";
import type { Command } from "../command.js";
import { schemaOption, withDatabase } from "../database.js";
import { exitCodes } from "../exit-codes.js";
import { printJson, printLines } from "../io.js";

export const migrate: Command = {
  name: "migrate",
  summary: `Create or upgrade Tessera's tables in OAUTH_DATABASE_URL (to schema version ${schemaVersion}).`,
  options: schemaOption,
  details: [
    "One transaction under an advisory lock: safe to run from several places at once, and again.",
    'With --json: {"from", "to"}, the schema versions found and left.',
  ],
  async run(args, io) {
    const result = await withDatabase(io, args, this.name, ({ db, schema }) => migrateDatabase(db, { schema }));
    if (args.json) printJson(io, result);
    else printLines(io, [result.from === result.to ? `schema version ${result.to}: nothing to do` : `migrated from schema version ${result.from} to ${result.to}`]);
    return exitCodes.done;
  },
};
