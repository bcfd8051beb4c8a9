import type { Command } from "../command.js";
import { clientsList, clientsShow } from "./clients-read.js";
import { clientsDelete, clientsDisable, clientsEnable } from "./clients-state.js";
import { clientsCreate, clientsRotateSecret, clientsUpdate } from "./clients-write.js";
import { keysGenerate } from "./keys.js";
import { migrate } from "./migrate.js";
import { revoke } from "./revoke.js";
import { secretGenerate, secretHash } from "./secret.js";
import { serve } from "./serve.js";

/** Every command, in the order `tessera --help` lists them. */
export const commands: readonly Command[] = [
  keysGenerate,
  secretGenerate,
  secretHash,
  clientsCreate,
  clientsList,
  clientsShow,
  clientsUpdate,
  clientsDisable,
  clientsEnable,
  clientsRotateSecret,
  clientsDelete,
  revoke,
  migrate,
  serve,
];
