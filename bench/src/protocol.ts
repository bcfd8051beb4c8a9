/**
 * The messages between the bench (parent) and a target (child process), over the IPC channel.
 * The parent sends one request at a time to a child and waits for its reply.
 */

/** Parent → child. */
export type Command =
  /** Reply with {@link Stats}. */
  | { readonly type: "stats" }
  /** In-process targets: run the operation in a closed loop and reply with a {@link Round}. */
  | { readonly type: "run"; readonly seconds: number; readonly concurrency: number }
  /** In-process targets: run `count` operations, replying with RSS every `every` of them. */
  | { readonly type: "soak"; readonly count: number; readonly every: number; readonly concurrency: number };

/** Child → parent. */
export type Reply =
  | { readonly type: "ready"; readonly port?: number; readonly checked?: string }
  | ({ readonly type: "stats" } & Stats)
  | ({ readonly type: "round" } & InProcessRound)
  | { readonly type: "soak"; readonly rss: readonly SoakSample[] }
  | { readonly type: "error"; readonly message: string };

/** The child's resource use since it started. */
export interface Stats {
  /** User + system CPU time of the whole process (every thread), microseconds. */
  readonly cpuUs: number;
  /** Peak resident set size, bytes. */
  readonly maxRssBytes: number;
}

export interface InProcessRound {
  readonly operations: number;
  readonly failures: number;
  readonly seconds: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly cpuUs: number;
}

export interface SoakSample {
  readonly requests: number;
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
}

export function stats(): Stats {
  const cpu = process.cpuUsage();
  return { cpuUs: cpu.user + cpu.system, maxRssBytes: process.resourceUsage().maxRSS * 1024 };
}
