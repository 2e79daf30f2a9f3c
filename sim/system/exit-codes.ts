/**
 * How a poq-sim command ends. Scripts and schedulers branch on these, so
 * each cause has its own code, and the README lists them.
 */
export const EXIT_OK = 0;
/** A bug in poq-sim: the only exit that prints a stack trace. */
export const EXIT_BUG = 1;
/** What the user wrote (a scenario, a profile, an option, an output path) is wrong; nothing was written. */
export const EXIT_USAGE = 2;
/** The machine failed the command (disk full, permission, a lost server); what was finished is kept. */
export const EXIT_ENVIRONMENT = 3;
/** Stopped by Ctrl-C or SIGTERM (128 + SIGINT); finished points are kept for `--resume`. */
export const EXIT_INTERRUPTED = 130;
