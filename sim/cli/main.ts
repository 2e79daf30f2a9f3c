#!/usr/bin/env node
/**
 * The poq-sim executable. It only loads the program (sim/cli/program.ts)
 * and runs it: a fault of the machine while the modules load (too many
 * open files, an unreadable installation) ends in one line and exit code 3
 * like any other, instead of the module loader's stack trace.
 */
import { asEnvironmentFault, EnvironmentFault } from '../system/environment-fault.js';
import { EXIT_ENVIRONMENT } from '../system/exit-codes.js';

/** Why the program could not load, in one line; anything but a fault of the machine or the installation is a bug. */
function loadFailure(error: unknown): string {
  const fault = asEnvironmentFault(error);
  if (fault instanceof EnvironmentFault) return fault.message;
  // Node reports a package it could not open (a broken installation, or too many open files) as not found.
  if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') {
    return `${(error as Error).message.split('\n')[0]} (reinstall poq-sim, or raise the open-file limit with ulimit -n)`;
  }
  throw error;
}

let program: typeof import('./program.js');
try {
  program = await import('./program.js');
} catch (error) {
  process.stderr.write(`poq-sim: cannot load poq-sim: ${loadFailure(error)}\n`);
  process.exit(EXIT_ENVIRONMENT);
}
process.exitCode = await program.main(process.argv);
