/**
 * Tells poq-sim's three kinds of YAML file apart by their top-level fields,
 * so that a file given where another kind is expected (a profile run as a
 * scenario, a scenario named as a profile or extended from a calibration
 * file) is reported as what it is, in one line, rather than as a dozen
 * unknown and missing fields.
 */
import { InputError } from './input-error.js';
import type { SourceDocument } from './source-document.js';

export type DocumentKind = 'scenario' | 'profile' | 'calibration';

interface Signature {
  readonly kind: DocumentKind;
  /** How the kind is named in messages. */
  readonly what: string;
  /** Top-level fields only this kind has (name, description, seed, tasks and hardware are shared). */
  readonly markers: readonly string[];
}

const SIGNATURES: readonly Signature[] = [
  {
    kind: 'scenario',
    what: 'a scenario',
    markers: ['profile', 'network', 'stop', 'mechanism', 'demand', 'sweep', 'replications', 'extends'],
  },
  {
    kind: 'profile',
    what: 'a calibration profile',
    markers: ['formatVersion', 'referenceHardware', 'inferenceModels', 'evaluatorModels', 'calibration'],
  },
  {
    kind: 'calibration',
    what: 'a calibration file',
    markers: ['executionProvider', 'inference', 'evaluators', 'measure', 'generation', 'judge'],
  },
];

export interface Recognized {
  readonly kind: DocumentKind;
  readonly what: string;
  /** The fields that gave it away, for the message. */
  readonly evidence: readonly string[];
}

/** The kind whose own fields `data` has most of (at least two), or undefined. */
export function recognizeDocument(data: unknown): Recognized | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  const keys = Object.keys(data);
  let best: Recognized | undefined;
  for (const signature of SIGNATURES) {
    const evidence = signature.markers.filter((marker) => keys.includes(marker));
    if (evidence.length >= 2 && evidence.length > (best?.evidence.length ?? 0))
      best = { kind: signature.kind, what: signature.what, evidence };
  }
  return best;
}

/** "a calibration profile (it has formatVersion, inferenceModels and evaluatorModels)" */
function describeDocument(found: Recognized): string {
  const fields = found.evidence.slice(0, 3);
  const list = fields.length > 1 ? `${fields.slice(0, -1).join(', ')} and ${fields.at(-1)}` : fields[0];
  return `${found.what} (it has ${list})`;
}

/** How a kind of file is used, to say what to do with one given in the wrong place. */
const USE: Record<DocumentKind, string> = {
  scenario: 'run it with poq-sim run or poq-sim sweep',
  profile: 'a scenario uses it with `profile:`',
  calibration: 'give it to poq-sim calibrate, which writes a profile',
};

function documentKindName(kind: DocumentKind): string {
  return SIGNATURES.find((signature) => signature.kind === kind)!.what;
}

/** "a calibration profile (it has …), not a scenario: a scenario uses it with `profile:`" */
export function wrongKind(found: Recognized, expected: DocumentKind): string {
  return `${describeDocument(found)}, not ${documentKindName(expected)}: ${USE[found.kind]}`;
}

/**
 * Throws, at the top of `source`, when it is recognizably another kind of
 * file than `expected`: "this is a calibration profile (it has …), not a
 * scenario".
 */
export function expectDocumentKind(source: SourceDocument, expected: DocumentKind): void {
  const found = recognizeDocument(source.data);
  if (!found || found.kind === expected) return;
  const at = source.where([]);
  throw new InputError({
    file: at.file,
    line: at.line,
    column: at.column,
    path: '',
    message: `this is ${wrongKind(found, expected)}`,
  });
}
