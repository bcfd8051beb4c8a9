import { invalidOption } from "@tessera/core/store";

/** The `TypeError` for a schema name the stores do not accept. */
export function invalidSchema(): TypeError {
  return invalidOption("schema", "must be a lower-case identifier of at most 40 characters (a-z, 0-9, _)");
}
