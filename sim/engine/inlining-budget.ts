/**
 * Raises V8's inlining budget for the process, once, when the engine is
 * loaded.
 *
 * A model's event handlers are large (settling a round is a few hundred
 * lines of arithmetic over typed arrays), and V8's default budget (920
 * bytecodes inlined per optimized function) runs out part-way through them.
 * Every call it leaves out boxes its double arguments and its double
 * result on the heap: about 45 heap numbers per request in the market,
 * 750 bytes, which the scavenger then collects, and which push node
 * records out of the cache. With this budget most of them are inlined: in
 * paired runs of 100,000 nodes × 1,000,000 requests the event loop used
 * 8–15% less CPU time (six pairs), and bigger budgets were slower again
 * (more code).
 *
 * Only compilation heuristics change, never what the code computes, and
 * only functions optimized after this module loads are affected, which is
 * every hot one: they are optimized after thousands of events.
 */
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--max-inlined-bytecode-size-cumulative=6000');
setFlagsFromString('--max-inlined-bytecode-size=1000');
