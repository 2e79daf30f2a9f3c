#!/usr/bin/env node
/**
 * The poq-sim executable. It only loads the program (sim/cli/program.ts)
 * and runs it: a fault of the machine while the modules load (too many
 * open files, an unreadable installation) ends in one line and exit code 3
 * like any other, instead of the module loader's stack trace.
 */
import { asLoadFault, EnvironmentFault } from '../system/environment-fault.js';
import { EXIT_ENVIRONMENT } from '../system/exit-codes.js';
import { raiseInliningBudget } from './inlining-budget.js';

// Before the program loads, so that every function of the simulator is compiled under it.
raiseInliningBudget();
let program: typeof import('./program.js');
try {
  program = await import('./program.js');
} catch (error) {
  const fault = asLoadFault(error);
  if (!(fault instanceof EnvironmentFault)) throw error;
  process.stderr.write(`poq-sim: ${fault.message}\n`);
  process.exit(EXIT_ENVIRONMENT);
}
process.exitCode = await program.main(process.argv);
