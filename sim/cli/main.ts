#!/usr/bin/env node
/**
 * The poq-sim executable. It only loads the program (sim/cli/program.ts)
 * and runs it: a fault of the machine while the modules load (too many
 * open files, an unreadable installation) ends in one line and exit code 3
 * like any other, instead of the module loader's stack trace. It imports
 * nothing of its own at the top but the inlining budget, so that in the
 * bundle (dist/cli/main.js) every other module loads where a failure is
 * caught.
 */
import { raiseInliningBudget } from './inlining-budget.js';

/** Says why the program could not load, in one line, and exits; an error that is not a fault of the machine is thrown on. */
async function exitOnLoadFault(error: unknown): Promise<never> {
  let faults: typeof import('../system/environment-fault.js');
  let codes: typeof import('../system/exit-codes.js');
  try {
    [faults, codes] = await Promise.all([import('../system/environment-fault.js'), import('../system/exit-codes.js')]);
  } catch {
    // Not even these load: the same fault as the program's, said without them (3 is EXIT_ENVIRONMENT).
    const what = error instanceof Error ? error.message.split('\n')[0] : String(error);
    process.stderr.write(`poq-sim: cannot load poq-sim: ${what} (reinstall poq-sim, or raise the open-file limit with ulimit -n)\n`);
    process.exit(3);
  }
  const fault = faults.asLoadFault(error);
  if (!(fault instanceof faults.EnvironmentFault)) throw error;
  process.stderr.write(`poq-sim: ${fault.message}\n`);
  process.exit(codes.EXIT_ENVIRONMENT);
}

// Before the program loads, so that every function of the simulator is compiled under it.
raiseInliningBudget();
let program: typeof import('./program.js');
try {
  program = await import('./program.js');
} catch (error) {
  await exitOnLoadFault(error);
}
process.exitCode = await program!.main(process.argv);
