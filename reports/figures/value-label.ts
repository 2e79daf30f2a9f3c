/**
 * A parameter's value as a reader would write it. A swept mapping (an
 * attack `{ kind: boost, amount: 0.3 }`, a rule `{ rule: trimmed-mean,
 * trimFraction: 0.25 }`) is held in the tables as JSON text; captions and
 * headings say it in words instead: "boost (amount 0.3)".
 */
export function valueLabel(value: unknown): string {
  if (typeof value === 'string' && value.startsWith('{')) {
    try {
      return valueLabel(JSON.parse(value) as unknown);
    } catch {
      return value;
    }
  }
  if (value === null || value === undefined) return '–';
  if (Array.isArray(value)) return value.map(valueLabel).join(', ');
  if (typeof value === 'object') return mappingLabel(value as Record<string, unknown>);
  return String(value);
}

/** Its kind or rule first, then the other fields in parentheses. */
function mappingLabel(mapping: Record<string, unknown>): string {
  const name = ['kind', 'rule'].find((key) => typeof mapping[key] === 'string');
  const rest = Object.entries(mapping)
    .filter(([key]) => key !== name)
    .map(([key, v]) => `${key} ${valueLabel(v)}`)
    .join(', ');
  if (!name) return rest;
  return rest ? `${String(mapping[name])} (${rest})` : String(mapping[name]);
}
