/**
 * report.md of a calibration folder as `poq-sim calibrate` writes it, its
 * own account of the fit: the measured latencies, the fits with their KS
 * statistics, the correlations. (`poq-sim report` on the folder replaces
 * it with the report of figures and tables.)
 */
import type { Profile } from '../../sim/profile/schema.js';

const fixed = (x: number | null | undefined, digits = 3) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits));

export function calibrationMarkdown(profile: Profile): string {
  const report = profile.calibration;
  const lines = [`# Calibration: ${profile.name}`, '', profile.description, '', `- hardware: ${profile.source.hardware ?? '—'}`, `- software: ${profile.source.software ?? '—'}`, `- data: ${profile.source.data ?? '—'}`, `- seed: ${profile.source.seed ?? '—'}`, ''];
  if (!report) return lines.join('\n');
  lines.push('## Latency per request (batch size 1, warm-up excluded)', '', '| role | model | task | n | mean ms | p50 ms | p95 ms |', '| --- | --- | --- | ---: | ---: | ---: | ---: |');
  for (const l of report.latency) lines.push(`| ${l.role} | ${l.model} | ${l.task} | ${l.n} | ${fixed(l.meanMs)} | ${fixed(l.p50Ms)} | ${fixed(l.p95Ms)} |`);
  lines.push('', '## Fitted distributions', '', '| role | model | task | metric | n | chosen | KS D | KS p | p50 measured / fitted | p95 measured / fitted |', '| --- | --- | --- | --- | ---: | --- | ---: | ---: | ---: | ---: |');
  for (const f of report.fits) {
    const q = (p: number) => f.quantiles.find((x) => x.probability === p);
    const p50 = q(0.5);
    const p95 = q(0.95);
    lines.push(
      `| ${f.role} | ${f.model} | ${f.task} | ${f.metric} | ${f.n} | ${f.chosen} | ${fixed(f.ks?.statistic)} | ${fixed(f.ks?.pValue)} | ${fixed(p50?.measured, 4)} / ${fixed(p50?.fitted, 4)} | ${fixed(p95?.measured, 4)} / ${fixed(p95?.fitted, 4)} |`,
    );
  }
  lines.push('', '## Evaluator noise models', '', '| evaluator | n | measured r | simulated r | measured mean / sd | simulated mean / sd | marginal KS D |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const s of report.scoreModels) {
    lines.push(
      `| ${s.model} | ${s.targets.n} | ${fixed(s.targets.correlation)} | ${fixed(s.simulated.correlation)} | ${fixed(s.targets.scoreMean)} / ${fixed(s.targets.scoreSd)} | ${fixed(s.simulated.scoreMean)} / ${fixed(s.simulated.scoreSd)} | ${fixed(s.marginalKs.statistic)} |`,
    );
  }
  lines.push('', '## Correlations (95% CI from Fisher’s z)', '', '| evaluator | against | task | method | n | r | 95% CI |', '| --- | --- | --- | --- | ---: | ---: | --- |');
  for (const c of report.correlations) {
    lines.push(`| ${c.evaluator} | ${c.against} | ${c.task} | ${c.method} | ${c.n} | ${fixed(c.r)} | ${c.ci95 ? `[${fixed(c.ci95[0])}, ${fixed(c.ci95[1])}]` : '—'} |`);
  }
  lines.push('');
  return lines.join('\n');
}
