/**
 * What a store promises about one kind of operation:
 * - `strong`: atomic and immediately visible to every instance sharing the store (a SQL
 *   transaction, a Durable Object). A reservation or a counter hit cannot be lost or doubled by a
 *   race, and a write is seen by the next read anywhere.
 * - `best-effort`: may lose a race or be seen late by other instances (an eventually consistent
 *   key-value store, a per-process memory store behind a load balancer).
 *
 * Features that are only safe with strong guarantees (replay protection of client assertions and
 * DPoP proofs) are refused at start-up on a best-effort store, with an error naming the option.
 */
export type Consistency = "strong" | "best-effort";
