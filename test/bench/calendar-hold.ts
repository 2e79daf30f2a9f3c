/**
 * The calendar on its own, in the classic "hold" benchmark: keep n events
 * pending, then repeatedly pop the earliest and schedule a new one an
 * exponential delay later. Prints ns per hold (one pop and one push) for
 * each n, one JSON line. Run by run-scaling.ts in its own process; pass
 * sizes as arguments to time only those.
 */
import { performance } from 'node:perf_hooks';
import { Calendar } from '../../sim/engine/calendar.js';
import { StreamBank } from '../../sim/random/streams.js';

export interface HoldMeasurement {
  readonly pending: number;
  readonly nsPerHold: number;
}

const SIZES = [1_000, 10_000, 100_000, 1_000_000];
const HOLDS = 3_000_000;

function hold(pending: number): HoldMeasurement {
  const bank = new StreamBank('calendar-hold');
  const stream = bank.stream('hold', String(pending));
  // Pre-drawn delays, so the loop times the calendar, not the generator.
  const delays = new Float64Array(1 << 16);
  for (let i = 0; i < delays.length; i++) delays[i] = -Math.log(bank.openUniform(stream)) * pending;
  const calendar = new Calendar();
  for (let i = 0; i < pending; i++) calendar.push(delays[i & 0xffff]!, 0, 0, i);
  let checksum = 0;
  const started = performance.now();
  for (let i = 0; i < HOLDS; i++) {
    calendar.pop();
    checksum += calendar.poppedPayload;
    calendar.push(calendar.poppedTime + delays[(i * 7) & 0xffff]!, 0, 0, calendar.poppedPayload);
  }
  const elapsed = performance.now() - started;
  if (checksum < 0) throw new Error('unreachable: keeps the loop from being optimized away');
  return { pending, nsPerHold: (elapsed * 1e6) / HOLDS };
}

const sizes = process.argv.length > 2 ? process.argv.slice(2).map(Number) : SIZES;
console.log(JSON.stringify(sizes.map(hold)));
