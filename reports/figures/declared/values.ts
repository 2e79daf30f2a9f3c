/**
 * Parameter values as a reader sees them, and as a declaration matches
 * them. summary.csv holds a mapping parameter as JSON text
 * ('{"rule":"trimmed-mean","trimFraction":0.25}'); a figure, its caption
 * and its held-values note write it "trimmed-mean, trimFraction 0.25",
 * never as raw JSON. A behaviour (a mapping with `kind`) reads shorter,
 * "intermittent boost 0.3 (p 0.3)", so that a facet header or a legend
 * entry stays a line or two. One formatter for all three, so they agree.
 */

/** Keys that name what a mapping is (a rule, a behaviour's kind): written first, without the key. */
const NAME_KEYS = ['rule', 'kind', 'policy', 'method', 'form'] as const;

/** A CSV cell holding a mapping's or a list's JSON, parsed; any other value as it is. */
export function decoded(value: unknown): unknown {
  if (typeof value !== 'string' || !/^[[{]/.test(value)) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/** Four significant digits: a Latin-hypercube point (5.385460786803097) reads 5.385. */
export function readableNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return String(Number(value.toPrecision(4)));
}

export function readableValue(value: unknown): string {
  const v = decoded(value);
  if (v === null || v === undefined) return '–';
  if (typeof v === 'number') return readableNumber(v);
  if (Array.isArray(v)) return v.map(readableValue).join(', ');
  if (typeof v === 'object') {
    const mapping = v as Record<string, unknown>;
    return typeof mapping['kind'] === 'string' ? readableBehaviour(mapping) : readableMapping(mapping);
  }
  return String(v);
}

function readableEntry(key: string, value: unknown): string {
  const inner = decoded(value);
  return inner !== null && typeof inner === 'object' ? `${key} (${readableValue(inner)})` : `${key} ${readableValue(inner)}`;
}

function readableMapping(mapping: Record<string, unknown>): string {
  const entries = Object.entries(mapping);
  const head = entries.find(([key]) => (NAME_KEYS as readonly string[]).includes(key));
  const rest = entries.filter((entry) => entry !== head).map(([key, value]) => readableEntry(key, value));
  return [...(head ? [readableValue(head[1])] : []), ...rest].join(', ');
}

/** A behaviour's keys written shorter; every other key keeps its name. */
const SHORT_KEYS: Readonly<Record<string, string>> = { probability: 'p' };

/**
 * "boost 0.3" for { kind: boost, amount: 0.3 }: the one amount a behaviour
 * shifts scores by needs no name. An intermittent behaviour names its
 * attack after its kind and its probability in brackets; other keys
 * follow as "key value", so two values never read the same.
 */
function readableBehaviour(mapping: Record<string, unknown>): string {
  const attack = decoded(mapping['attack']);
  const nested = attack !== null && typeof attack === 'object' && !Array.isArray(attack);
  const named = [String(mapping['kind']), ...(nested ? [readableValue(attack)] : [])];
  if (typeof mapping['amount'] === 'number') named.push(readableNumber(mapping['amount']));
  const rest = Object.entries(mapping).filter(([key]) => key !== 'kind' && key !== 'amount' && !(nested && key === 'attack'));
  const bracketed = rest.filter(([key]) => key in SHORT_KEYS).map(([key, value]) => `${SHORT_KEYS[key]} ${readableValue(value)}`);
  const listed = rest.filter(([key]) => !(key in SHORT_KEYS)).map(([key, value]) => readableEntry(key, value));
  return [named.join(' ') + (bracketed.length > 0 ? ` (${bracketed.join(', ')})` : ''), ...listed].join(', ');
}

/** JSON with sorted keys: two mappings that differ only in key order are the same value. */
function canonical(value: unknown): string {
  const v = decoded(value);
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonical(inner)}`).join(',')}}`;
  }
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  return JSON.stringify(v ?? null);
}

/**
 * Whether a results cell holds a declared value: the same value (numbers
 * by value, mappings whatever their key order), or a scalar that names the
 * cell as a reader sees it (`median` for { rule: median }).
 */
export function sameValue(cell: unknown, declared: unknown): boolean {
  if (typeof cell === 'number' && typeof declared === 'number') return cell === declared;
  if (canonical(cell) === canonical(declared)) return true;
  return declared !== null && typeof declared !== 'object' && typeof decoded(cell) === 'object' && readableValue(cell) === String(declared);
}

/** Whether a cell matches a `where` entry: one value, or any of a list. */
export function matchesAny(cell: unknown, declared: unknown): boolean {
  return Array.isArray(declared) ? declared.some((value) => sameValue(cell, value)) : sameValue(cell, declared);
}
