/**
 * Settles as `work` does, or rejects with `timeout()` after `ms` milliseconds: one timer, cleared
 * as soon as the work settles. The work itself is not cancelled; what hangs keeps hanging, but
 * whoever waits is answered.
 */
export function withDeadline<T>(work: Promise<T>, ms: number, timeout: () => Error): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timeout()), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
