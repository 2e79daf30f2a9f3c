/**
 * `poq-sim calibrate`: measure models and fit a profile, or fit one from a
 * log of measurements made elsewhere. Input errors propagate to main, which
 * prints them one per line with exit code 2; nothing is written.
 */
import { join } from 'node:path';
import { calibrateFromConfig, calibrateFromLog, calibrationOutput, type CalibrationOutcome } from '../../calibration/calibrate.js';
import { loadCalibrationConfig } from '../../calibration/config/load.js';
import { InputError } from '../input/input-error.js';

export interface CalibrateOptions {
  readonly out?: string;
  readonly fromLog?: string;
  readonly name?: string;
  readonly hardware?: string;
  readonly costUsdPerHour?: number;
  readonly quiet?: boolean;
  /** Replace a poq-sim output of another kind at --out. */
  readonly force?: boolean;
}

function printSummary(outcome: CalibrationOutcome): void {
  const report = outcome.profile.calibration!;
  console.log(`profile ${outcome.profile.name}: ${report.fits.length} distributions fitted`);
  for (const fit of report.fits) {
    const ks = fit.ks ? `KS D = ${fit.ks.statistic.toFixed(3)} (p = ${fit.ks.pValue.toPrecision(2)})` : 'empirical';
    console.log(`  ${fit.role} ${fit.model} ${fit.task} ${fit.metric}: ${fit.chosen}, n = ${fit.n}, ${ks}`);
  }
  for (const s of report.scoreModels) {
    console.log(
      `  evaluator ${s.model}: r = ${s.targets.correlation.toFixed(3)} with quality (simulated ${s.simulated.correlation.toFixed(3)}), score marginal KS D = ${s.marginalKs.statistic.toFixed(3)}`,
    );
  }
  console.log(`wrote ${outcome.folder}/ (profile.yaml, measurements.csv, report.md)`);
}

export async function calibrateCommand(configFile: string | undefined, options: CalibrateOptions): Promise<void> {
  const log = options.quiet ? () => {} : (line: string) => process.stderr.write(`poq-sim calibrate: ${line}\n`);
  let outcome: CalibrationOutcome;
  if (options.fromLog) {
    const loaded = configFile ? loadCalibrationConfig(configFile, { checkFiles: false }) : undefined;
    const out = options.out ?? join('calibration', 'profiles', loaded?.config.name ?? options.name ?? 'from-log');
    outcome = calibrateFromLog(options.fromLog, loaded, options, calibrationOutput(out, options.force));
  } else {
    if (!configFile)
      throw new InputError({ file: '(command line)', path: '', message: 'give a calibration file, or --from-log measurements.csv' });
    const loaded = loadCalibrationConfig(configFile);
    outcome = await calibrateFromConfig(
      loaded,
      calibrationOutput(options.out ?? join('calibration', 'profiles', loaded.config.name), options.force),
      log,
    );
  }
  if (!options.quiet) printSummary(outcome);
}
