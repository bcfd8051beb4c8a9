/** A running target, whatever kind of process it is: what a group needs of it. */
import type { InProcessRound, Stats } from "./protocol.js";

export interface TargetProcess {
  /** For messages: the target and its algorithm. */
  readonly name: string;
  /** An HTTP target's port on 127.0.0.1. */
  readonly port: number | undefined;
  /** What an in-process target checked of itself before it said it was ready. */
  readonly checked: string | undefined;
  /** CPU time (every thread; for a process tree, every process) and peak RSS so far. */
  stats(): Promise<Stats>;
  /** An in-process target: runs its operation in a closed loop for `seconds`. */
  runRound(seconds: number, concurrency: number): Promise<InProcessRound>;
  /** Ends the target (and everything it started); resolves once it is gone. */
  stop(): Promise<void>;
}
