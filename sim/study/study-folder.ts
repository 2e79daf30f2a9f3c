/**
 * A study's folder: claimed under the output rule, marked by study-plan.json
 * (written first, so a stopped study is recognised and resumed, never taken
 * for someone else's folder), filled with points as they finish, and
 * completed by study.json, the tables, profile.yaml and, last,
 * manifest.json. Every file is written atomically.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../input/input-error.js';
import { copyProfile, writeJson } from '../experiment/experiment-files.js';
import type { ExecutorDescription } from '../experiment/executors/executor.js';
import { PointStore } from '../experiment/point-store.js';
import { TableWriter, type TableColumn } from '../experiment/table-writer.js';
import { outputProvenance } from '../results/manifest.js';
import { checkOutput } from '../results/output-claim.js';
import { onDisk, removeStaleTemporaries, retireOutput } from '../results/output-folder.js';
import { OUTPUT_FORMATS } from '../results/output-kinds.js';
import type { StudyBase, StudyKind } from './study-plan.js';
import type { StudyFile } from './study-results.js';

export interface StudyFolderOptions {
  readonly out: string;
  readonly resume?: boolean;
  readonly force?: boolean;
}

export interface StudyTable {
  readonly name: 'trajectory' | 'indices' | 'candidates';
  readonly columns: readonly TableColumn[];
  readonly rows: Iterable<readonly unknown[]>;
}

const PLAN_FORMAT = 'poq-sim/study-plan/v1';

function refuse(out: string, message: string): InputError {
  return new InputError({ file: out, path: '', message });
}

export class StudyFolder {
  readonly store: PointStore;
  /** Whether points of an earlier, stopped run of this study were found. */
  resumed = false;

  constructor(
    readonly out: string,
    private readonly kind: StudyKind,
    private readonly hash: string,
  ) {
    this.store = new PointStore(out);
  }

  /** Claims the folder (refusing what the output rule refuses), then marks it as this study's. */
  open(options: StudyFolderOptions): void {
    const { out } = this;
    const found = checkOutput({
      path: out,
      kind: 'study',
      ownKindAllowed: Boolean(options.resume || options.force),
      ownKindAdvice: 'pass --resume to continue the study in it, or --force to start over',
      force: options.force,
    });
    if (found.state === 'output' && (options.force || found.kind !== 'study')) retireOutput(out);
    else if (found.state === 'output') this.checkSameStudy();
    removeStaleTemporaries(out);
    this.store.ensure();
    removeStaleTemporaries(this.store.directory);
    this.resumed = this.store.ids().length > 0;
    writeJson(out, 'study-plan.json', { format: PLAN_FORMAT, kind: this.kind, study: this.hash });
  }

  /** A resumed folder must hold this study: the same command, scenario, profile, version and options. */
  private checkSameStudy(): void {
    const file = join(this.out, 'study-plan.json');
    if (!existsSync(file)) return;
    let plan: { kind?: unknown; study?: unknown } = {};
    try {
      plan = JSON.parse(readFileSync(file, 'utf8')) as typeof plan;
    } catch {
      throw refuse(this.out, 'holds a damaged study-plan.json; use another --out, or --force to start over');
    }
    if (plan.kind !== this.kind || plan.study !== this.hash) {
      throw refuse(
        this.out,
        `holds points of a different study (${String(plan.kind)}; the scenario, its ${this.kind}: section, the profile, the options or the poq-sim version changed); use another --out, or --force to start over`,
      );
    }
  }

  writeTable(table: StudyTable): number {
    return onDisk(this.out, () => {
      const writer = new TableWriter(this.out, table.name, table.columns);
      for (const row of table.rows) writer.append(row);
      writer.close();
      return writer.rowCount;
    });
  }

  /** study.json, profile.yaml and, last, manifest.json: its presence means the study is complete. */
  finish(
    study: StudyBase,
    file: StudyFile,
    facts: { wallTimeMs: number; executor: ExecutorDescription; tables: Record<string, number> },
  ): void {
    writeJson(this.out, 'study.json', file);
    copyProfile(this.out, study.profile.file);
    writeJson(this.out, 'manifest.json', {
      ...outputProvenance(facts.wallTimeMs),
      format: OUTPUT_FORMATS.study,
      kind: this.kind,
      scenarioFile: study.loaded.file,
      ...(study.loaded.overrides.length > 0 ? { overrides: study.loaded.overrides.map((o) => o.text) } : {}),
      scenarioName: study.base.scenario.name,
      scenarioHash: study.base.hash,
      studyHash: this.hash,
      profile: { name: study.profile.profile.name, file: study.profile.file, hash: study.profile.hash },
      seeds: {
        root: study.loaded.scenario.seed,
        derivation:
          'seed = first 48 bits of SHA-256("poq-sim/run-seed/v1", root seed, replication): every candidate shares replication r’s seed (common random numbers)',
      },
      counts: { points: file.points, runs: file.runs, batches: file.batches },
      executor: facts.executor,
      resumed: this.resumed,
      tables: facts.tables,
      study: study.loaded.scenario[this.kind],
      resolvedScenario: study.base.scenario,
    });
  }
}
