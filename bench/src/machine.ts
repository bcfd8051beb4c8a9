/**
 * How busy the whole machine was during a round, from Linux's /proc/stat, so that a round
 * disturbed by other processes (another build, another test run) shows as such instead of
 * passing for a slow target. Elsewhere, nothing is measured.
 */
import { readFileSync } from "node:fs";

/** USER_HZ: /proc/stat counts in hundredths of a second on every Linux architecture Node runs on. */
const tickUs = 10_000;

/** CPU time all processes and the kernel used so far, microseconds, or undefined off Linux. */
export function machineBusyUs(): number | undefined {
  try {
    const line = readFileSync("/proc/stat", "utf8").split("\n", 1)[0]!;
    // cpu user nice system idle iowait irq softirq steal …
    const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
    return (user! + nice! + system! + irq! + softirq! + steal!) * tickUs;
  } catch {
    return undefined;
  }
}
