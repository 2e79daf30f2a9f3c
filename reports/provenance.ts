/**
 * What a report says of where its results came from: only what the results
 * depend on — poq-sim's version, the scenario's file name and hash, the
 * seed, the profile's name and hash and, for a sweep, its experiment hash,
 * replications, points and how run seeds are derived. Where and when a
 * folder was made (the paths of the scenario and profile, the time, the
 * wall time, the machine, Node, the git commit, the worker count) stays in
 * manifest.json: a report holding it would differ between two runs of the
 * same scenario and seed, and would show a shared report's reader the
 * author's folders.
 */
import type { ResultsFolder } from './folder/results-folder.js';

export interface ProvenanceRow {
  readonly label: string;
  readonly value: string;
}

/** The last part of a path, whichever separator it was written with: never the folders above it. */
export function fileName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}

const counts = (record: Readonly<Record<string, number>>) =>
  Object.entries(record)
    .map(([reason, count]) => `${reason}: ${count}`)
    .join(', ');

/** One row, or none when the folder does not record the value. */
const row = (label: string, value: string | number | null | undefined): ProvenanceRow[] =>
  value === undefined || value === null || value === '' ? [] : [{ label, value: String(value) }];

function sweepRows(manifest: NonNullable<ResultsFolder['manifest']>): ProvenanceRow[] {
  const points = manifest.points;
  return [
    ...row('experiment hash (SHA-256)', manifest.experimentHash),
    ...row('root seed', manifest.seeds?.root),
    ...row('replications per point', manifest.replications),
    ...row('points', points && (points.inFolder === points.total ? points.total : `${points.inFolder} of ${points.total}`)),
    ...row('shard', manifest.shard),
    ...row('stopped by', manifest.stoppedBy && counts(manifest.stoppedBy)),
    ...row('parameters sharing random numbers', manifest.seeds?.commonRandomNumbers?.join(', ')),
    ...row('parameters with their own random numbers', manifest.seeds?.independent?.join(', ')),
    ...row('run seeds', manifest.seeds?.derivation),
  ];
}

/** The rows of a report's provenance table, in the order shown; empty when the folder says nothing of its origin. */
export function reportProvenance(folder: ResultsFolder): ProvenanceRow[] {
  const manifest = folder.manifest;
  const run = folder.kind === 'run' ? folder.summary : null;
  return [
    ...row('poq-sim version', manifest?.version ?? run?.version),
    ...row('scenario file', manifest?.scenarioFile === undefined ? undefined : fileName(manifest.scenarioFile)),
    ...row('scenario hash (SHA-256)', run?.scenarioHash ?? manifest?.scenarioHash),
    ...row('seed', run?.seed ?? manifest?.seed),
    ...row('profile', manifest?.profile?.name ?? folder.profile?.name),
    ...row('profile hash (SHA-256)', run?.profileHash ?? manifest?.profile?.hash),
    ...(folder.kind === 'experiment' && manifest ? sweepRows(manifest) : []),
    ...(folder.kind === 'study' ? row('run seeds', manifest?.seeds?.derivation) : []),
  ];
}
