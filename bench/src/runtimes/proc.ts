/**
 * CPU time and memory of a process tree, read from Linux's /proc: how the bench measures a
 * target that does not speak Node's IPC (an example started as its `pnpm start` does, a server on
 * Bun or Deno). CPU is the user + system time of every thread of the process and of every
 * descendant (a launcher and the runtime it starts); memory is read per process (`VmRSS`, and
 * `VmHWM` for the peak), so a launcher's is not added to the server's.
 */
import { readdirSync, readFileSync } from "node:fs";

/** USER_HZ: /proc counts CPU time in hundredths of a second on every Linux architecture Node runs on. */
const tickUs = 10_000;

interface ProcStat {
  readonly pid: number;
  readonly ppid: number;
  /** utime + stime, microseconds. */
  readonly cpuUs: number;
}

/** One process's line of /proc/<pid>/stat, or undefined once it is gone. */
function readStat(pid: number): ProcStat | undefined {
  let line: string;
  try {
    line = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may hold spaces: count from after it.
  const fields = line.slice(line.lastIndexOf(")") + 2).split(" ");
  // fields[0] is field 3 (state): ppid is field 4, utime 14, stime 15.
  return { pid, ppid: Number(fields[1]), cpuUs: (Number(fields[11]) + Number(fields[12])) * tickUs };
}

/** `pid` and its descendants, alive now. */
export function processTree(pid: number): number[] {
  const all: ProcStat[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat !== undefined) all.push(stat);
  }
  const tree = new Set([pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const stat of all) {
      if (!tree.has(stat.pid) && tree.has(stat.ppid)) {
        tree.add(stat.pid);
        grew = true;
      }
    }
  }
  return [...tree];
}

/** CPU time used so far by the processes `pids` (all their threads), microseconds. */
export function cpuUsOf(pids: readonly number[]): number {
  return pids.reduce((sum, pid) => sum + (readStat(pid)?.cpuUs ?? 0), 0);
}

/** The largest peak resident set size (`VmHWM`) among `pids`, bytes. */
export function peakRssOf(pids: readonly number[]): number {
  let peak = 0;
  for (const pid of pids) {
    try {
      const kib = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
      if (kib !== undefined) peak = Math.max(peak, Number(kib) * 1024);
    } catch {
      // Gone meanwhile.
    }
  }
  return peak;
}

/** The current resident set size of `pid`, bytes, or undefined once it is gone. */
export function rssOf(pid: number): number | undefined {
  try {
    const kib = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kib === undefined ? undefined : Number(kib) * 1024;
  } catch {
    return undefined;
  }
}
