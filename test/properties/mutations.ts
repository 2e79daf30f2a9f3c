/**
 * Random damage to a YAML input, as fast-check arbitraries: a key deleted,
 * a value replaced by another type or an extreme number, a huge list, deep
 * nesting, random bytes spliced in or in place of the whole file. Each
 * mutation is plain data, so fast-check can print and shrink it.
 */
import fc from 'fast-check';
import { parse, stringify } from 'yaml';

type Path = ReadonlyArray<string | number>;

/** Every path into a parsed document (mappings and lists), in document order, the root excluded. */
export function pathsOf(value: unknown, prefix: Path = []): Path[] {
  const paths: Path[] = [];
  const children: Array<[string | number, unknown]> = Array.isArray(value)
    ? value.map((item, i) => [i, item])
    : value !== null && typeof value === 'object'
      ? Object.entries(value)
      : [];
  for (const [key, child] of children) {
    const path = [...prefix, key];
    paths.push(path, ...pathsOf(child, path));
  }
  return paths;
}

/** Values a user (or a broken tool) might write where something else belongs. */
const REPLACEMENTS: readonly unknown[] = [
  0,
  -0,
  -1,
  1,
  0.5,
  1.5,
  7,
  1e308,
  -1e308,
  5e-324,
  2 ** 53 + 1,
  2 ** 31,
  1e200,
  -1e200,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  '',
  'x',
  'mean',
  'paper-rtx4090',
  '../',
  '/',
  'ü'.repeat(3),
  true,
  false,
  null,
  [],
  {},
  { a: 1 },
  [1, 2, 3],
  [null],
  ['x'],
];

export type Mutation =
  | { readonly kind: 'delete'; readonly at: number }
  | { readonly kind: 'replace'; readonly at: number; readonly value: number }
  | { readonly kind: 'huge-list'; readonly at: number; readonly length: number }
  | { readonly kind: 'long-string'; readonly at: number; readonly length: number }
  | { readonly kind: 'deep-nesting'; readonly at: number; readonly depth: number }
  | { readonly kind: 'splice-bytes'; readonly offset: number; readonly bytes: Uint8Array }
  | { readonly kind: 'random-file'; readonly bytes: Uint8Array };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }), weight: 3 },
  {
    arbitrary: fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: fc.nat({ max: REPLACEMENTS.length - 1 }) }),
    weight: 6,
  },
  {
    arbitrary: fc.record({ kind: fc.constant('huge-list' as const), at: fc.nat(), length: fc.constantFrom(10_000, 200_000, 2_000_000) }),
    weight: 1,
  },
  {
    arbitrary: fc.record({ kind: fc.constant('long-string' as const), at: fc.nat(), length: fc.constantFrom(10_000, 1_000_000) }),
    weight: 1,
  },
  {
    arbitrary: fc.record({ kind: fc.constant('deep-nesting' as const), at: fc.nat(), depth: fc.constantFrom(100, 1_000, 20_000) }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('splice-bytes' as const),
      offset: fc.nat(),
      bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({ kind: fc.constant('random-file' as const), bytes: fc.uint8Array({ minLength: 1, maxLength: 2048 }) }),
    weight: 1,
  },
);

function setAt(data: unknown, path: Path, value: unknown, remove: boolean): void {
  let parent = data as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (!remove) parent[last] = value;
  else if (Array.isArray(parent)) parent.splice(last as number, 1);
  else delete parent[last];
}

const DEEP = '__poq_deep_nesting__';

/** The mutated file's bytes; `adjust` runs on the parsed data after a structural mutation (e.g. to cap a run's length). */
export function applyMutation(text: string, m: Mutation, adjust: (data: unknown) => void = () => {}): Buffer {
  if (m.kind === 'random-file') return Buffer.from(m.bytes);
  if (m.kind === 'splice-bytes') {
    const bytes = Buffer.from(text);
    const at = m.offset % (bytes.length + 1);
    return Buffer.concat([bytes.subarray(0, at), Buffer.from(m.bytes), bytes.subarray(at)]);
  }
  const data = parse(text) as unknown;
  const paths = pathsOf(data);
  if (paths.length > 0) {
    const path = paths[m.at % paths.length]!;
    if (m.kind === 'delete') setAt(data, path, undefined, true);
    else if (m.kind === 'replace') setAt(data, path, structuredClone(REPLACEMENTS[m.value]), false);
    else if (m.kind === 'huge-list') setAt(data, path, new Array<number>(m.length).fill(1), false);
    else if (m.kind === 'long-string') setAt(data, path, 'y'.repeat(m.length), false);
    else setAt(data, path, DEEP, false);
  }
  adjust(data);
  let out = stringify(data, { lineWidth: 0, aliasDuplicateObjects: false });
  if (m.kind === 'deep-nesting') out = out.replace(DEEP, `${'['.repeat(m.depth)}${']'.repeat(m.depth)}`);
  return Buffer.from(out);
}
