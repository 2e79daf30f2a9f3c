/**
 * The end of a queue-mode command (sweep --queue, worker). When the Redis
 * server went away, BullMQ keeps timers for the commands it abandoned on it
 * (the watchdogs of its blocking reads run up to 11 s after the last read).
 * They do no more work, but they would keep Node's event loop, and so the
 * process, alive; this lets the process end with the exit code main() set,
 * at most `ms` after the command is done. While the server answers, the
 * connections close at once and the process ends before the timer fires.
 */
const EXIT_GRACE_MS = 1000;

export function endDespiteAbandonedTimers(ms = EXIT_GRACE_MS): void {
  setTimeout(() => process.exit(), ms).unref();
}
