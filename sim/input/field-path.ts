/**
 * A field path as a user writes one, in a sweep (`path: mechanism.rewards.beta`)
 * or on the command line (`--set network.inference[0].count=5`): field
 * names joined by ".", list indices as `[0]` or `.0`.
 */

/** The path's segments (names and indices), or why it cannot be read. */
export function parsePath(text: string): PropertyKey[] | string {
  const segments: PropertyKey[] = [];
  const pattern = /([A-Za-z_$][\w$-]*)|\[(\d+)\]|\.(\d+)(?=\.|\[|$)|(\.)/gy;
  let expectSegment = true;
  let position = 0;
  pattern.lastIndex = 0;
  while (position < text.length) {
    const match = pattern.exec(text);
    if (!match || match.index !== position) return `cannot read the path at "${text.slice(position)}"`;
    position = pattern.lastIndex;
    if (match[1] !== undefined) {
      if (!expectSegment) return `expected "." before "${match[1]}"`;
      segments.push(match[1]);
      expectSegment = false;
    } else if (match[2] !== undefined || match[3] !== undefined) {
      if (segments.length === 0) return 'a path starts with a field name';
      segments.push(Number(match[2] ?? match[3]));
      expectSegment = false;
    } else {
      if (expectSegment) return 'empty segment in the path';
      expectSegment = true;
    }
  }
  if (expectSegment) return segments.length === 0 ? 'empty path' : 'the path ends with "."';
  return segments;
}
