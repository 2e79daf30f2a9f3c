/**
 * Fitting benchmark (calibration): builds a profile from a synthetic
 * measurement log of the size a GPU user brings to --from-log (4 inference
 * models × 2 tasks × 2,000 prompts, 2 evaluators scoring every answer) and
 * prints one JSON line with rows/s and wall time.
 */
import { performance } from 'node:perf_hooks';
import { buildProfile } from '../../calibration/fit/build-profile.js';
import type { Measurement } from '../../calibration/measure/measurements.js';
import { createSampler } from '../../sim/random/distribution.js';
import { StreamBank } from '../../sim/random/streams.js';

const bank = new StreamBank(1, 'fit-bench');
const stream = bank.stream('bench', 'values');
const latency = createSampler({ family: 'lognormal', meanLog: 7, sdLog: 0.35 }, bank);
const quality = createSampler({ family: 'beta', alpha: 2, beta: 2 }, bank);
const models = ['m1', 'm2', 'm3', 'm4'];
const evaluators = ['e1', 'e2'];
const tasks = ['qa', 'summaries'];
const rows: Measurement[] = [];
const base = { itemId: '', subjectModel: '', batchSize: null };
for (const model of models) {
  for (const task of tasks) {
    for (let i = 0; i < 2000; i++) {
      const q = quality.sample(stream);
      rows.push({
        ...base,
        role: 'inference',
        model,
        task,
        itemId: String(i),
        batchSize: 1,
        metric: 'latency_ms',
        value: latency.sample(stream),
      });
      rows.push({ ...base, role: 'inference', model, task, itemId: String(i), metric: 'quality', value: q });
      for (const evaluator of evaluators) {
        rows.push({
          ...base,
          role: 'evaluator',
          model: evaluator,
          task,
          itemId: String(i),
          subjectModel: model,
          batchSize: 1,
          metric: 'latency_ms',
          value: latency.sample(stream) / 100,
        });
        rows.push({
          ...base,
          role: 'evaluator',
          model: evaluator,
          task,
          itemId: String(i),
          subjectModel: model,
          metric: 'score',
          value: Math.min(1, Math.max(0, 0.3 + 0.5 * q + 0.1 * bank.standardNormal(stream))),
        });
      }
    }
  }
}
const started = performance.now();
buildProfile(rows, {
  name: 'bench',
  description: 'bench',
  seed: 1,
  hardware: { id: 'gpu', description: 'bench', costUsdPerHour: { value: 1, status: 'estimated', why: 'bench' } },
  tasks: { qa: { description: 'qa' }, summaries: { description: 'summaries' } },
  inference: Object.fromEntries(models.map((m) => [m, { displayName: m }])),
  evaluators: Object.fromEntries(evaluators.map((e) => [e, { displayName: e, architecture: 'bi-encoder' as const }])),
  source: { software: 'bench', data: 'bench', createdAt: 'bench' },
  rowsLabel: 'bench',
});
const wallSeconds = (performance.now() - started) / 1000;
console.log(
  JSON.stringify({
    name: 'fit-from-log',
    rows: rows.length,
    wallSeconds,
    rowsPerSecond: rows.length / wallSeconds,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
