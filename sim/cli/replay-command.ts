/**
 * `poq-sim replay <experiment> --point I --replication R`: one run of a
 * finished (or stopped) sweep, made again into a run folder of its own,
 * exactly what `poq-sim run` writes for that point's scenario and that
 * replication's seed (sim/experiment/replay.ts).
 */
import { join } from 'node:path';
import { quoteValue } from '../input/input-error.js';
import { replayRun } from '../experiment/replay.js';
import { runAndWrite } from './run-command.js';

export interface ReplayCommandOptions {
  readonly point: number;
  readonly replication: number;
  readonly out?: string;
  readonly scenario?: string;
  readonly set?: readonly string[];
  readonly quiet?: boolean;
  readonly force?: boolean;
  readonly report?: boolean;
}

/** The default folder: results/<scenario name>-p<I>-r<R>. */
export function replayFolder(name: string, point: number, replication: number): string {
  return join('results', `${name}-p${point}-r${replication}`);
}

export async function replayCommand(experiment: string, options: ReplayCommandOptions): Promise<void> {
  const replay = replayRun({
    experiment,
    point: options.point,
    replication: options.replication,
    scenario: options.scenario,
    set: options.set,
  });
  const { resolved, origin } = replay;
  const values = replay.plan.parameters.map((p) => `${p.name}=${quoteValue(replay.values[p.name])}`).join(', ');
  await runAndWrite(
    {
      resolved,
      source: replay.source,
      out: options.out ?? replayFolder(resolved.scenario.name, origin.point, origin.replication),
      origin: { overrides: replay.overrides, replayOf: origin },
      notes: [
        `replay of ${experiment}: point ${origin.point}${values ? ` (${values})` : ''}, replication ${origin.replication}, seed ${resolved.scenario.seed}`,
      ],
    },
    options,
  );
}
