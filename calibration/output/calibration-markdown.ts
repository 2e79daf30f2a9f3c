/**
 * report.md of a calibration folder as `poq-sim calibrate` writes it, its
 * own account of the fit: the measured latencies, the fits with their KS
 * statistics, the correlations. (`poq-sim report` on the folder replaces
 * it with the report of figures and tables.)
 */
import type { Profile } from '../../sim/profile/schema.js';

const fixed = (x: number | null | undefined, digits = 3) =>
  x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits);

type CalibrationReport = NonNullable<Profile['calibration']>;

export function calibrationMarkdown(profile: Profile): string {
  const report = profile.calibration;
  const lines = [
    `# Calibration: ${profile.name}`,
    '',
    profile.description,
    '',
    `- hardware: ${profile.source.hardware ?? '—'}`,
    `- software: ${profile.source.software ?? '—'}`,
    `- data: ${profile.source.data ?? '—'}`,
    `- seed: ${profile.source.seed ?? '—'}`,
    '',
  ];
  if (!report) return lines.join('\n');
  const curves = batchLatencyTable(profile);
  lines.push(...latencyTable(report), '', ...fitsTable(report), '');
  if (curves.length > 0) lines.push(...curves, '');
  lines.push(...noiseModelsTable(report), '', ...correlationsTable(report), '');
  return lines.join('\n');
}

function latencyTable(report: CalibrationReport): string[] {
  return [
    '## Latency per request (batch size 1, warm-up excluded)',
    '',
    '| role | model | task | n | mean ms | p50 ms | p95 ms |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: |',
    ...report.latency.map(
      (l) => `| ${l.role} | ${l.model} | ${l.task} | ${l.n} | ${fixed(l.meanMs)} | ${fixed(l.p50Ms)} | ${fixed(l.p95Ms)} |`,
    ),
  ];
}

function fitsTable(report: CalibrationReport): string[] {
  const rows = report.fits.map((f) => {
    const q = (p: number) => f.quantiles.find((x) => x.probability === p);
    const p50 = q(0.5);
    const p95 = q(0.95);
    return `| ${f.role} | ${f.model} | ${f.task} | ${f.metric} | ${f.n} | ${f.chosen} | ${fixed(f.ks?.statistic)} | ${fixed(f.ks?.pValue)} | ${fixed(p50?.measured, 4)} / ${fixed(p50?.fitted, 4)} | ${fixed(p95?.measured, 4)} / ${fixed(p95?.fitted, 4)} |`;
  });
  return [
    '## Fitted distributions',
    '',
    '| role | model | task | metric | n | chosen | KS D | KS p | p50 measured / fitted | p95 measured / fitted |',
    '| --- | --- | --- | --- | ---: | --- | ---: | ---: | ---: | ---: |',
    ...rows,
  ];
}

/** Each model's batch-latency curve (derived from its throughput), with the per-item cost at its largest batch. */
function batchLatencyTable(profile: Profile): string[] {
  const models = [
    ...Object.entries(profile.inferenceModels).map(([model, m]) => ['inference', model, m.batchLatency] as const),
    ...Object.entries(profile.evaluatorModels).map(([model, m]) => ['evaluator', model, m.batchLatency] as const),
  ];
  const rows = models.flatMap(([role, model, curve]) => {
    if (!curve) return [];
    const last = curve.points.at(-1)!;
    const factors = curve.points.map((p) => `${p.batchSize}: ${fixed(p.factor)}`).join(', ');
    return [`| ${role} | ${model} | ${factors} | ${fixed(last.factor / last.batchSize)} |`];
  });
  if (rows.length === 0) return [];
  return [
    '## Batch latency (derived from throughput: factor(b) = b · throughput(1) / throughput(b), running maximum)',
    '',
    '| role | model | batch size: latency ÷ one item’s | per-item cost at the largest batch |',
    '| --- | --- | --- | ---: |',
    ...rows,
  ];
}

function noiseModelsTable(report: CalibrationReport): string[] {
  const rows = report.scoreModels.map(
    (s) =>
      `| ${s.model} | ${s.targets.n} | ${fixed(s.targets.correlation)} | ${fixed(s.simulated.correlation)} | ${fixed(s.targets.scoreMean)} / ${fixed(s.targets.scoreSd)} | ${fixed(s.simulated.scoreMean)} / ${fixed(s.simulated.scoreSd)} | ${fixed(s.marginalKs.statistic)} |`,
  );
  return [
    '## Evaluator noise models',
    '',
    '| evaluator | n | measured r | simulated r | measured mean / sd | simulated mean / sd | marginal KS D |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ];
}

function correlationsTable(report: CalibrationReport): string[] {
  const rows = report.correlations.map(
    (c) =>
      `| ${c.evaluator} | ${c.against} | ${c.task} | ${c.method} | ${c.n} | ${fixed(c.r)} | ${c.ci95 ? `[${fixed(c.ci95[0])}, ${fixed(c.ci95[1])}]` : '—'} |`,
  );
  return [
    '## Correlations (95% CI from Fisher’s z)',
    '',
    '| evaluator | against | task | method | n | r | 95% CI |',
    '| --- | --- | --- | --- | ---: | ---: | --- |',
    ...rows,
  ];
}
