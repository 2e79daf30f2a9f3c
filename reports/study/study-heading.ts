/**
 * The headline of a study's report: what was run and the answer, one line
 * each (exploit: each mechanism's exploitability and its best deviation;
 * sensitivity: each metric's most influential parameter; tune: the
 * recommendation and whether fresh seeds confirmed it).
 */
import type { ExploitFile, SensitivityFile, StudyFile, TuneFile } from '../../sim/study/study-results.js';
import { estimateText, number, valuesText } from './study-numbers.js';

export function studyMeta(study: StudyFile, version: string | undefined): string {
  return `poq-sim ${version ?? ''} ${study.kind} · ${study.points.toLocaleString('en-US')} points · ${study.runs.toLocaleString('en-US')} runs in ${study.batches} batches`.replace(
    '  ',
    ' ',
  );
}

function exploitHeadline(file: ExploitFile): string[] {
  return file.exploitability.map(({ mechanism, family, gain }) => {
    const search = file.searches.find((s) => s.mechanism === mechanism && s.family === family)!;
    return `${mechanism}: exploitability ${estimateText(gain)} per round over the honest twin (95% CI), by ${family} at ${valuesText(search.best)}.`;
  });
}

function sensitivityHeadline(file: SensitivityFile): string[] {
  return file.metrics.map((metric) => {
    const sobol = file.sobol?.rows.filter((r) => r.metric === metric.id) ?? [];
    if (sobol.length > 0) {
      const top = sobol.reduce((a, b) => (b.total > a.total ? b : a));
      return `${metric.id}: ${top.parameter} matters most (total Sobol index ${number(top.total, 3)} [${number(top.totalCi[0], 3)}, ${number(top.totalCi[1], 3)}]).`;
    }
    const morris = file.morris?.rows.filter((r) => r.metric === metric.id) ?? [];
    if (morris.length === 0) return `${metric.id}: does not vary over the declared ranges.`;
    const top = morris.reduce((a, b) => (b.muStar > a.muStar ? b : a));
    return `${metric.id}: ${top.parameter} matters most (Morris μ* ${number(top.muStar, 3)}).`;
  });
}

function tuneHeadline(file: TuneFile): string[] {
  const robust = file.candidates.filter((c) => c.robust).length;
  const lines = [
    `${robust} of ${file.candidates.length} candidate settings meet every threshold in every environment (${file.environments.join(', ')}).`,
  ];
  const r = file.recommendation;
  if (!r) return [...lines, 'No setting is recommended: none meets every threshold.'];
  const worst = r.confirmation.map((e) => `${e.environment} ${estimateText(e.objective)}`).join(', ');
  lines.push(
    `Recommended: ${valuesText(r.values)} — ${r.confirmed ? 'confirmed' : 'not confirmed'} on fresh seeds; ${file.objective.id}: ${worst}.`,
  );
  if (r.rejected.length > 0)
    lines.push(
      `Settings that screened better but failed on fresh seeds: ${r.rejected.map((x) => `${x.candidate} (${x.missed.join('; ')})`).join(', ')}.`,
    );
  return lines;
}

export function studyHeadline(study: StudyFile): string[] {
  switch (study.kind) {
    case 'exploit':
      return exploitHeadline(study);
    case 'sensitivity':
      return sensitivityHeadline(study);
    case 'tune':
      return tuneHeadline(study);
  }
}
