/**
 * `poq-sim calibrate`: measure (or read a log), fit, and write a folder
 * with profile.yaml, measurements.csv and report.md, all at once (a failure
 * leaves nothing behind and any previous folder untouched).
 */
import { basename, extname, resolve } from 'node:path';
import { calibrationMarkdown } from './output/calibration-markdown.js';
import { formatPath, InputError } from '../sim/input/input-error.js';
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { outputProvenance } from '../sim/results/manifest.js';
import { checkOutput, type OutputRequest } from '../sim/results/output-claim.js';
import { StagedFolder } from '../sim/results/output-folder.js';
import { OUTPUT_FORMATS } from '../sim/results/output-kinds.js';
import { asEnvironmentFault } from '../sim/system/environment-fault.js';
import type { LoadedCalibrationConfig } from './config/load.js';
import type { CalibrationConfig } from './config/schema.js';
import { buildProfile, type ProfileMetadata } from './fit/build-profile.js';
import { contentHash, describeHardware, describeSoftware } from './measure/environment.js';
import { measureAll } from './measure/measure-all.js';
import { type Measurement, measurementsCsv, readMeasurementsCsv } from './measure/measurements.js';
import { tokenCounting } from './models/from-config.js';
import { PriceQuantity, type Quantity } from '../sim/profile/quantities.js';
import { type Profile, ProfileSchema } from '../sim/profile/schema.js';
import { profileYaml } from './output/write-profile.js';

export interface CalibrationOutcome {
  readonly profile: Profile;
  readonly folder: string;
}

function metadataFromConfig(loaded: LoadedCalibrationConfig, rowsLabel: string, measuredHere: boolean): ProfileMetadata {
  const { config } = loaded;
  const data = datasetsDescription(loaded);
  return {
    name: config.name,
    description: config.description,
    seed: config.seed,
    hardware: {
      id: config.hardware.id,
      description: config.hardware.description ?? (measuredHere ? describeHardware(config.executionProvider) : 'not recorded'),
      costUsdPerHour: config.hardware.costUsdPerHour,
    },
    tasks: Object.fromEntries(Object.entries(config.tasks).map(([task, spec]) => [task, { description: spec.description }])),
    inference: inferenceMetadata(config),
    evaluators: evaluatorMetadata(config),
    source: {
      software: measuredHere ? describeSoftware() : `measured elsewhere; fitted by ${describeSoftware()}`,
      data,
      createdAt: new Date().toISOString(),
    },
    settings: settingsOf(config),
    rowsLabel,
  };
}

/** Where each task's prompts came from, with the dataset's hash when the file is here. */
function datasetsDescription(loaded: LoadedCalibrationConfig): string {
  const { config, resolvePath } = loaded;
  return Object.entries(config.tasks)
    .map(([task, spec]) => {
      const path = resolvePath(spec.dataset.path);
      let hash = 'not available';
      try {
        hash = contentHash(path);
      } catch {
        // Building from a log on another machine: the dataset may not be here.
      }
      return `${task}: ${spec.sample} prompts sampled with seed ${config.seed} from ${spec.dataset.path} (${spec.dataset.format}, sha256 ${hash}), quality ${spec.quality}`;
    })
    .join('; ');
}

function inferenceMetadata(config: CalibrationConfig): ProfileMetadata['inference'] {
  return Object.fromEntries(
    config.inference.map((s) => [
      s.id,
      {
        displayName: s.displayName ?? s.id,
        tokenCounting: tokenCounting(s),
        ...(s.kind === 'text-generation' && s.parametersBillions ? { parametersBillions: s.parametersBillions } : {}),
      },
    ]),
  );
}

function evaluatorMetadata(config: CalibrationConfig): ProfileMetadata['evaluators'] {
  return Object.fromEntries(
    config.evaluators.map((e) => [
      e.id,
      {
        displayName: e.displayName ?? e.id,
        architecture: e.architecture,
        ...(e.parametersMillions ? { parametersMillions: e.parametersMillions } : {}),
      },
    ]),
  );
}

function settingsOf(config: CalibrationConfig): Record<string, unknown> {
  return {
    executionProvider: config.executionProvider,
    generation: config.generation,
    measure: config.measure,
    prompts: Object.fromEntries(Object.entries(config.tasks).map(([task, spec]) => [task, spec.prompt])),
    inference: config.inference,
    evaluators: config.evaluators.map((e) => ({
      id: e.id,
      architecture: e.architecture,
      runtime: e.runtime,
      path: e.path,
      compare: e.compare,
      scoreTransform: e.scoreTransform ?? (e.architecture === 'bi-encoder' ? 'clip' : 'sigmoid'),
    })),
  };
}

export interface LogOnlyOptions {
  readonly name?: string;
  readonly hardware?: string;
  readonly costUsdPerHour?: number;
}

/** Metadata for a log read without a calibration file: everything else comes from the rows. */
function metadataFromRows(rows: readonly Measurement[], file: string, options: LogOnlyOptions): ProfileMetadata {
  if (options.costUsdPerHour === undefined) {
    throw new InputError({
      file,
      path: '',
      message:
        'building a profile from a log without a calibration file needs --cost-usd-per-hour (the hardware price rewards are computed with)',
    });
  }
  const name =
    options.name ??
    basename(file, extname(file))
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^[^a-z0-9]+/, '');
  const models = (role: 'inference' | 'evaluator') => [...new Set(rows.filter((r) => r.role === role).map((r) => r.model))];
  const tasks = [...new Set(rows.filter((r) => r.task !== '').map((r) => r.task))];
  const cost: Quantity = { value: options.costUsdPerHour, status: 'estimated', why: 'Given with --cost-usd-per-hour.' };
  // The profile's own rule for a price (sim/profile/quantities.ts), checked before anything is fitted.
  const price = PriceQuantity.safeParse(cost);
  if (!price.success)
    throw new InputError({ file: '(command line)', path: '--cost-usd-per-hour', message: price.error.issues[0]!.message });
  return {
    name: name || 'from-log',
    description: `Fitted from measurements in ${basename(file)}`,
    seed: 1,
    hardware: { id: 'reference', description: options.hardware ?? 'not recorded (measurements made elsewhere)', costUsdPerHour: cost },
    tasks: Object.fromEntries(tasks.map((task) => [task, { description: `task "${task}" of ${basename(file)}` }])),
    inference: Object.fromEntries(models('inference').map((m) => [m, { displayName: m }])),
    evaluators: Object.fromEntries(models('evaluator').map((m) => [m, { displayName: m, architecture: 'other' as const }])),
    source: {
      software: `measured elsewhere; fitted by ${describeSoftware()}`,
      data: `${basename(file)} (sha256 ${contentHash(file)})`,
      createdAt: new Date().toISOString(),
    },
    rowsLabel: file,
  };
}

/**
 * Measurements can fit a profile poq-sim cannot simulate (latencies of 0,
 * a price out of range): said about the file they came from, one line per
 * value, with the range, and nothing is written.
 */
function checkFitted(profile: Profile, measurementsFrom: string): void {
  const checked = ProfileSchema.safeParse(profile);
  if (checked.success) return;
  throw new InputError(
    checked.error.issues.map((issue) => ({
      file: measurementsFrom,
      path: '',
      message: `the measurements fit a profile outside the ranges poq-sim simulates (docs/profile-format.md): ${formatPath(issue.path)}: ${issue.message.replace(/^Invalid input: /, '')}`,
    })),
  );
}

/** Where a calibration writes its profile folder, under the output rule every command follows. */
export function calibrationOutput(out: string, force?: boolean): OutputRequest {
  return { path: out, kind: 'calibration', ownKindAllowed: true, force };
}

function writeFolder(output: OutputRequest, written: CalibrationFiles): void {
  const folder = StagedFolder.forOutput(output);
  try {
    const yaml = profileYaml(written.profile, written.header);
    folder.write('profile.yaml', yaml);
    folder.write('measurements.csv', measurementsCsv(written.rows));
    folder.write('report.md', calibrationMarkdown(written.profile));
    folder.write('manifest.json', `${JSON.stringify(calibrationManifest(written, yaml), null, 2)}\n`);
    folder.commit();
  } catch (error) {
    folder.abort();
    throw asEnvironmentFault(error, output.path);
  }
}

interface CalibrationFiles {
  readonly profile: Profile;
  readonly rows: readonly Measurement[];
  readonly header: readonly string[];
  /** The calibration file and/or measurement log it came from. */
  readonly inputs: { readonly calibrationFile: string | null; readonly measurementLog: string | null };
  readonly started: number;
}

/** manifest.json of a profile folder: what made it, so poq-sim knows the folder as its own. */
function calibrationManifest(written: CalibrationFiles, yaml: string) {
  return {
    format: OUTPUT_FORMATS.calibration,
    ...outputProvenance(performance.now() - written.started),
    profile: { name: written.profile.name, hash: createHash('sha256').update(yaml).digest('hex') },
    ...written.inputs,
    measurements: written.rows.length,
  };
}

export async function calibrateFromConfig(
  loaded: LoadedCalibrationConfig,
  output: OutputRequest,
  log: (line: string) => void,
): Promise<CalibrationOutcome> {
  const started = performance.now();
  checkOutput(output); // before measuring, which takes minutes
  const measured = await measureAll(loaded, log);
  const { profile } = buildProfile(measured.rows, metadataFromConfig(loaded, 'the measurements', true));
  checkFitted(profile, loaded.file);
  const header = [
    `Calibration profile measured by \`poq-sim calibrate ${basename(loaded.file)}\`.`,
    'Every distribution was fitted to the measurements in measurements.csv beside this file; the',
    '`calibration` section records the candidates, AIC, KS statistics and quantiles of each fit.',
  ];
  writeFolder(output, { profile, rows: measured.rows, header, inputs: { calibrationFile: loaded.file, measurementLog: null }, started });
  return { profile, folder: resolve(output.path) };
}

export function calibrateFromLog(
  logFile: string,
  loaded: LoadedCalibrationConfig | undefined,
  options: LogOnlyOptions,
  output: OutputRequest,
): CalibrationOutcome {
  const started = performance.now();
  checkOutput(output);
  const rows = readMeasurementsCsv(logFile);
  const meta = loaded ? metadataFromConfig(loaded, logFile, false) : metadataFromRows(rows, logFile, options);
  const { profile } = buildProfile(rows, meta);
  checkFitted(profile, logFile);
  const header = [
    `Calibration profile fitted by \`poq-sim calibrate --from-log ${basename(logFile)}\` from measurements made elsewhere.`,
    'The `calibration` section records the candidates, AIC, KS statistics and quantiles of each fit.',
  ];
  writeFolder(output, { profile, rows, header, inputs: { calibrationFile: loaded?.file ?? null, measurementLog: logFile }, started });
  return { profile, folder: resolve(output.path) };
}
