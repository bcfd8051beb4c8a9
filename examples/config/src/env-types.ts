/** Environment variables, as `process.env`, `Deno.env.toObject()` or a Worker's `env` hold them. */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads the file a `*_FILE` variable names: `fs.promises.readFile` on Node, `Deno.readTextFile`,
 * `(path) => Bun.file(path).text()`. Bytes are decoded as UTF-8.
 */
export type ReadFile = (path: string) => Promise<string | Uint8Array>;
