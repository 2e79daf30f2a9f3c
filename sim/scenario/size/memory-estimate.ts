/**
 * The memory a run needs, estimated from its size (network-load.ts) before
 * anything is allocated, and the refusal of a run this process cannot hold:
 * without it, a huge network allocates for a minute and dies with V8's
 * heap-limit trace, or runs for minutes without a word. It is a check of
 * the scenario, made while it is resolved, before sim/run builds anything.
 *
 * The coefficients were measured as the smallest `--max-old-space-size`
 * with which `poq-sim run` completes, over networks of many sizes, and the
 * typed arrays (outside the JS heap) from process.memoryUsage().arrayBuffers.
 * docs/input-limits.md has the measurements and how to repeat them
 * (test/bench/measure-memory.ts).
 */
import { totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { formatBytes, formatCount, LIMITS_DOC } from '../../input/input-limits.js';
import { SERIES_BYTES_PER_CELL } from '../../market/round-series.js';
import type { NetworkLoad } from './network-load.js';

const MiB = 2 ** 20;
/** The heap of a small run, without and with the report rendered. */
const HEAP_FIXED = 36 * MiB;
const HEAP_WITH_REPORT = 60 * MiB;
const HEAP_PER_NODE = 3300;
const HEAP_PER_TIMESERIES_ROW = 90;
/** Over the measured need: bisection's resolution and run-to-run spread. */
const MARGIN = 1.15;
const EXTERNAL_PER_NODE = 800;
const EXTERNAL_PER_SLOT = 8;
/** V8's young generation, which heap_size_limit includes and --max-old-space-size does not. */
const YOUNG_GENERATION = 48 * MiB;
/** Networks at least this large get a line on stderr before they are built, which takes a while. */
export const LARGE_NETWORK = 250_000;

export type MemoryDriver = 'nodes' | 'pending' | 'timeseries' | 'slots' | 'cells';

export interface MemoryEstimate {
  readonly nodes: number;
  readonly pendingRequests: number;
  readonly timeseriesRows: number;
  /** Population parts (population × model): the round series keeps a block for each. */
  readonly cells: number;
  /** JS heap, in the units of --max-old-space-size. */
  readonly heapBytes: number;
  /** Typed arrays (outside the heap). */
  readonly externalBytes: number;
  /** What makes the run big: the term of the estimate that is largest. */
  readonly driver: MemoryDriver;
}

export interface MachineMemory {
  /** The old generation V8 lets this process (and each of its worker threads) use. */
  readonly heapBytes: number;
  /** The machine's memory, or the container's limit when lower. */
  readonly memoryBytes: number;
}

/** Read once per process (or thread): the limits do not change while it runs, and a sweep resolves a scenario per point. */
let machine: MachineMemory | undefined;

export function machineMemory(): MachineMemory {
  if (machine) return machine;
  // A container's limit (cgroups); 0, or more than the machine has, when there is none.
  const constrained = process.constrainedMemory?.() ?? 0;
  const total = totalmem();
  machine = {
    heapBytes: Math.max(0, getHeapStatistics().heap_size_limit - YOUNG_GENERATION),
    memoryBytes: constrained > 0 && constrained < total ? constrained : total,
  };
  return machine;
}

/** What output.timeseries records: a sample every `intervalMs`, each with one row per series (a metric of a group). */
export interface TimeseriesLoad {
  readonly intervalMs: number;
  readonly seriesPerSample: number;
}

export function estimateMemory(load: NetworkLoad, k: number, honestTwin: boolean, timeseries: TimeseriesLoad | null): MemoryEstimate {
  const nodes = load.inferenceNodes + load.evaluatorNodes;
  // One sample per interval, and one more for the part of an interval the run ends in.
  const rows = timeseries ? (Math.floor(load.durationMs / timeseries.intervalMs) + 1) * timeseries.seriesPerSample : 0;
  const markets = honestTwin ? 2 : 1;
  const terms: Record<MemoryDriver, { heap: number; external: number }> = {
    nodes: { heap: HEAP_PER_NODE * nodes, external: EXTERNAL_PER_NODE * nodes },
    timeseries: { heap: HEAP_PER_TIMESERIES_ROW * rows, external: 0 },
    // Tables that double when full hold up to twice what is in flight, and the buffer they outgrew
    // lives on until it is collected: three times, at the moment of a doubling.
    pending: { heap: 0, external: markets * load.pendingRequests * (3 * (64 + 36 * k) + 48) },
    slots: { heap: 0, external: markets * EXTERNAL_PER_SLOT * load.serverSlots },
    // The round series keeps a fixed block per cell (one population and model) for the run's intervals.
    cells: { heap: 0, external: markets * SERIES_BYTES_PER_CELL * load.cells },
  };
  const drivers = Object.keys(terms) as MemoryDriver[];
  const driver = drivers.reduce((a, b) => (terms[b].heap + terms[b].external > terms[a].heap + terms[a].external ? b : a));
  const heap = MARGIN * Math.max(HEAP_WITH_REPORT, HEAP_FIXED + drivers.reduce((a, d) => a + terms[d].heap, 0));
  const external = MARGIN * drivers.reduce((a, d) => a + terms[d].external, 0);
  return {
    nodes,
    pendingRequests: load.pendingRequests,
    timeseriesRows: rows,
    cells: load.cells,
    heapBytes: heap,
    externalBytes: external,
    driver,
  };
}

/** Whether the estimate fits: the heap within V8's limit, heap and typed arrays within the machine's memory. */
export function fits(estimate: MemoryEstimate, machine: MachineMemory): boolean {
  return estimate.heapBytes <= machine.heapBytes && estimate.heapBytes + estimate.externalBytes <= machine.memoryBytes;
}

const WHAT: Record<MemoryDriver, (e: MemoryEstimate) => string> = {
  nodes: (e) => `a network of ${formatCount(e.nodes)} nodes`,
  pending: (e) =>
    `about ${formatCount(Math.round(e.pendingRequests))} requests in flight (the network cannot keep up with the demand over the run)`,
  timeseries: (e) => `${formatCount(e.timeseriesRows)} timeseries rows`,
  slots: () => 'its server slots (one per unit of concurrency)',
  cells: (e) => `${formatCount(e.cells)} populations × models, each keeping its series of rounds for the run's intervals`,
};

const SMALLER: Record<MemoryDriver, string> = {
  nodes: 'make the network smaller',
  pending: 'lower the demand, add capacity or shorten the run',
  timeseries: 'sample less often or shorten the run',
  slots: 'lower the concurrency',
  cells: 'declare fewer populations (a population can hold many nodes)',
};

/** The one line of a refusal, after the field it names. */
export function memoryRefusal(estimate: MemoryEstimate, machine: MachineMemory): string {
  const total = estimate.heapBytes + estimate.externalBytes;
  const raisable = total <= 0.9 * machine.memoryBytes;
  const advice = raisable
    ? `raise the heap limit with NODE_OPTIONS=--max-old-space-size=${Math.ceil(estimate.heapBytes / MiB / 100) * 100}, or ${SMALLER[estimate.driver]}`
    : SMALLER[estimate.driver];
  return (
    `${WHAT[estimate.driver](estimate)} needs about ${formatBytes(total)} of memory (${formatBytes(estimate.heapBytes)} of JS heap, ` +
    `${formatBytes(estimate.externalBytes)} of typed arrays); this process may use ${formatBytes(machine.heapBytes)} of heap ` +
    `and the machine has ${formatBytes(machine.memoryBytes)}: ${advice} (see ${LIMITS_DOC})`
  );
}

/** The line printed before a large network is built, so that a long build is not silent. */
export function largeNetworkNotice(estimate: MemoryEstimate): string {
  return `building a network of ${formatCount(estimate.nodes)} nodes, which needs about ${formatBytes(estimate.heapBytes + estimate.externalBytes)} of memory; this takes a while`;
}

/** The estimate can be skipped (POQ_SIM_MEMORY_CHECK=off) by a user who knows better, at the risk of V8's out-of-memory abort. */
export function memoryCheckEnabled(): boolean {
  return process.env.POQ_SIM_MEMORY_CHECK !== 'off';
}
