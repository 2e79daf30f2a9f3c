/**
 * Raises V8's inlining budget for the whole process. Called by the
 * executable (main.ts) before it loads the program, and by the benchmark
 * entry points; a library importer keeps its V8 as it was.
 *
 * A model's event handlers are large (settling a round is a few hundred
 * lines of arithmetic over typed arrays), and V8's default budget runs out
 * part-way through them. Every call it leaves out boxes its double
 * arguments and its double result on the heap, which the scavenger then
 * collects and which push node records out of the cache; with this budget
 * most of them are inlined. Bigger budgets were slower again (more code).
 * The measurements are in docs/performance.md.
 *
 * Only compilation heuristics change, never what the code computes, and
 * only functions optimized after the call are affected, which is every hot
 * one: they are optimized after thousands of events. V8's flags are
 * process-wide, so worker threads started afterwards (the thread pool of a
 * sweep) compile under the same budget.
 */
import { setFlagsFromString } from 'node:v8';

export function raiseInliningBudget(): void {
  setFlagsFromString('--max-inlined-bytecode-size-cumulative=6000');
  setFlagsFromString('--max-inlined-bytecode-size=1000');
}
