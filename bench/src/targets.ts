/** The ways of serving the same core that the bench compares; the first is the baseline. */
export const targets = [
  { name: "tessera-node", label: "@tessera/node" },
  { name: "hono-node-server", label: "@hono/node-server (server.fetch)" },
  { name: "tessera-hono", label: "@tessera/hono on @hono/node-server" },
] as const;

export type TargetName = (typeof targets)[number]["name"];

export function isTargetName(name: string | undefined): name is TargetName {
  return targets.some((target) => target.name === name);
}
