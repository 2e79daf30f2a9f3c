/**
 * Loading records ahead of use (see Preloader): one load in every cache line
 * a record can touch.
 *
 * Doubles per cache line. A large typed array starts 16 bytes past a line
 * boundary (the C library's allocation header), so a record of one or two
 * lines' worth of slots spans a line more: its owner loads a slot at both
 * ends of the record and every LINE_SLOTS in between.
 */
export const LINE_SLOTS = 8;

/**
 * Loads array[from, end) (end > from), a slot in each cache line, and
 * returns their sum, only so that the loads are not optimized away. For
 * ranges whose length is known only at run time; a fixed-size record is
 * loaded slot by slot by its owner (fewer bytecodes, so more of the event
 * handlers fit V8's inlining budget).
 */
export function touchLines(array: Float64Array, from: number, end: number): number {
  const last = end - 1;
  let sum = 0;
  for (let at = from; at < last; at += LINE_SLOTS) sum += array[at]!;
  return sum + array[last]!;
}
