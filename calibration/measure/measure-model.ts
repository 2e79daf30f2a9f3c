/**
 * Measures one model: warm-up (discarded), the service time of every
 * request at batch size 1, throughput at each batch size, memory. The
 * caller supplies how to run one batch; this module only times it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { collectOrtProfiles } from '../models/ort-profile.js';
import type { ModelHandle } from '../models/model-handle.js';
import type { Measurement, Role } from './measurements.js';
import { bytesToMb, MemoryTracker, peakRssMb } from './memory.js';

export interface MeasureSettings {
  readonly warmup: number;
  readonly batchSizes: readonly number[];
  readonly throughputItems: number;
  readonly profileMemory: boolean;
}

export interface Runner {
  endProfiling(): void;
  close(): Promise<void>;
}

/** One unit of work (a prompt, or an answer to score) of one task. */
export interface WorkItem<W> {
  readonly task: string;
  readonly itemId: string;
  readonly subjectModel: string;
  readonly work: W;
}

export interface MeasuredModel<O> {
  /** Outputs at batch size 1, in the order of the work items. */
  readonly outputs: O[];
  readonly rows: Measurement[];
}

/** Adds one measurement row of the model being measured. */
type RowWriter = (task: string, itemId: string, subjectModel: string, batchSize: number | null, metric: string, value: number) => void;

/** The service time of every item at batch size 1, one latency row each; returns the outputs in item order. */
async function measureLatencies<R, W, O>(
  runner: R,
  items: readonly WorkItem<W>[],
  run: (runner: R, batch: readonly W[]) => Promise<O[]>,
  row: RowWriter,
): Promise<O[]> {
  const outputs: O[] = [];
  for (const item of items) {
    const started = performance.now();
    const [output] = await run(runner, [item.work]);
    row(item.task, item.itemId, item.subjectModel, 1, 'latency_ms', performance.now() - started);
    outputs.push(output!);
  }
  return outputs;
}

/** Throughput of each task at each batch size: the time of every batch, then requests per second over them. */
async function measureThroughput<R, W, O>(
  runner: R,
  items: readonly WorkItem<W>[],
  settings: MeasureSettings,
  run: (runner: R, batch: readonly W[]) => Promise<O[]>,
  row: RowWriter,
  memory: MemoryTracker,
): Promise<void> {
  const tasks = [...new Set(items.map((item) => item.task))];
  for (const task of tasks) {
    const pool = items.filter((item) => item.task === task);
    for (const batchSize of settings.batchSizes) {
      const batches = Math.max(1, Math.ceil(settings.throughputItems / batchSize));
      const batchAt = (b: number) => Array.from({ length: batchSize }, (_, j) => pool[(b * batchSize + j) % pool.length]!.work);
      await run(runner, batchAt(batches)); // a new batch shape: let the runtime allocate before timing
      let total = 0;
      for (let b = 0; b < batches; b++) {
        const started = performance.now();
        await run(runner, batchAt(b));
        const elapsed = performance.now() - started;
        total += elapsed;
        row(task, '', '', batchSize, 'batch_latency_ms', elapsed);
        memory.sample();
      }
      row(task, '', '', batchSize, 'throughput_per_s', (batches * batchSize) / (total / 1000));
    }
  }
}

/** ONNX Runtime's peak and arena memory at the largest batch, from a separate profiled session, so profiling never slows the timed runs. */
async function measureOrtMemory<R extends Runner, W, O>(
  handle: ModelHandle<R>,
  items: readonly WorkItem<W>[],
  settings: MeasureSettings,
  run: (runner: R, batch: readonly W[]) => Promise<O[]>,
  prepare: (runner: R) => Promise<void>,
  row: RowWriter,
): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'poq-sim-ort-profile-'));
  try {
    const prefix = join(folder, 'profile');
    const probe = await handle.open({ profilePrefix: prefix });
    try {
      await prepare(probe);
      const largest = Math.max(...settings.batchSizes);
      await run(
        probe,
        Array.from({ length: largest }, (_, j) => items[j % items.length]!.work),
      );
      probe.endProfiling();
    } finally {
      await probe.close();
    }
    const peak = collectOrtProfiles(prefix);
    if (peak) {
      row('', '', '', Math.max(...settings.batchSizes), 'ort_peak_mb', bytesToMb(peak.inUsePeakBytes));
      row('', '', '', Math.max(...settings.batchSizes), 'ort_arena_mb', bytesToMb(peak.arenaHeldBytes));
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

export async function measureModel<R extends Runner, W, O>(
  role: Role,
  handle: ModelHandle<R>,
  items: readonly WorkItem<W>[],
  settings: MeasureSettings,
  run: (runner: R, batch: readonly W[]) => Promise<O[]>,
  prepare: (runner: R) => Promise<void> = async () => {},
): Promise<MeasuredModel<O>> {
  const rows: Measurement[] = [];
  const row: RowWriter = (task, itemId, subjectModel, batchSize, metric, value) =>
    rows.push({ role, model: handle.id, task, itemId, subjectModel, batchSize, metric, value });

  const memory = new MemoryTracker();
  const runner = await handle.open();
  let outputs: O[];
  try {
    await prepare(runner);
    for (let i = 0; i < settings.warmup && items.length > 0; i++) await run(runner, [items[i % items.length]!.work]);
    memory.sample();
    outputs = await measureLatencies(runner, items, run, row);
    memory.sample();
    await measureThroughput(runner, items, settings, run, row, memory);
  } finally {
    await runner.close();
  }
  row('', '', '', null, 'memory_mb', memory.growthMb());
  row('', '', '', null, 'peak_rss_mb', peakRssMb());

  if (settings.profileMemory && handle.usesOnnxRuntime && items.length > 0)
    await measureOrtMemory(handle, items, settings, run, prepare, row);
  return { outputs, rows };
}
