/**
 * `npm run bench:scale`: the scaling runs of issue 7. Each case runs in its
 * own process (so its peak RSS is its own): the adversarial network from
 * 1,000 to 100,000 agents with 10,000,000 requests, and 100,000 agents with
 * 1,000,000 requests to show that memory does not grow with the number of
 * requests. Then the calendar alone, to show its cost per event grows as
 * log n. Pass case names to run a subset.
 */
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CaseMeasurement } from './bench-case.js';
import type { HoldMeasurement } from './calendar-hold.js';
import { LARGEST_CASE, SCALING_CASES } from './cases.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const selected = process.argv.slice(2);
const cases = selected.length > 0 ? [...SCALING_CASES, LARGEST_CASE].filter((c) => selected.includes(c.name)) : SCALING_CASES;
const lastJsonLine = (output: string): unknown => JSON.parse(output.trim().split('\n').pop()!);

console.log(
  `poq-sim scaling · node ${process.version} · ${cpus()[0]?.model ?? 'unknown CPU'} · ${cpus().length} cores, ` +
    `${(totalmem() / 2 ** 30).toFixed(0)} GB · one process (one core for the simulation) per case`,
);
/**
 * The host's speed at the moment, as the calendar's cost per hold with 1,000
 * events pending (all in cache: compute only). The machine this was written
 * on shares its host, and its speed varies up to twofold over the day; the
 * probe before and after the cases tells a slow spell from a slow change.
 */
const probeHost = (): number =>
  (lastJsonLine(execFileSync(process.execPath, [join(here, 'calendar-hold.js'), '1000'], { encoding: 'utf8' })) as HoldMeasurement[])[0]!
    .nsPerHold;
const probeBefore = probeHost();
console.log(`host speed probe before the cases: ${probeBefore.toFixed(0)} ns per calendar hold at 1,000 pending events (lower is faster)`);
console.log(
  `${'case'.padEnd(22)} ${'agents'.padStart(8)} ${'requests'.padStart(11)} ${'events'.padStart(11)} ` +
    `${'loop ev/s'.padStart(10)} ${'ns/event'.padStart(9)} ${'µs/req'.padStart(7)} ${'resolve'.padStart(8)} ${'run'.padStart(8)} ${'total'.padStart(8)} ${'cpu'.padStart(8)} ${'peak RSS'.padStart(9)}`,
);
const rows: (CaseMeasurement & { agents: number })[] = [];
for (const benchCase of cases) {
  const m = lastJsonLine(
    execFileSync(process.execPath, [join(here, 'bench-case.js'), benchCase.name], { encoding: 'utf8' }),
  ) as CaseMeasurement;
  const agents = Number(/^([\d,]+) agents/.exec(m.description)![1]!.replace(/,/g, ''));
  rows.push({ ...m, agents });
  console.log(
    `${m.name.padEnd(22)} ${agents.toLocaleString('en-US').padStart(8)} ${m.rounds.toLocaleString('en-US').padStart(11)} ${m.events.toLocaleString('en-US').padStart(11)} ` +
      `${`${(m.loopEventsPerSecond / 1e6).toFixed(2)} M`.padStart(10)} ${((1e9 * m.loopSeconds) / m.events).toFixed(0).padStart(9)} ${((1e6 * m.loopSeconds) / m.rounds).toFixed(2).padStart(7)} ` +
      `${`${m.resolveSeconds.toFixed(1)} s`.padStart(8)} ${`${m.wallSeconds.toFixed(1)} s`.padStart(8)} ${`${(m.resolveSeconds + m.wallSeconds).toFixed(1)} s`.padStart(8)} ` +
      `${`${m.cpuSeconds.toFixed(1)} s`.padStart(8)} ${`${m.peakRssMb.toFixed(0)} MB`.padStart(9)}`,
  );
}

console.log(`host speed probe after the cases: ${probeHost().toFixed(0)} ns per calendar hold (before: ${probeBefore.toFixed(0)} ns)`);

for (const variant of ['undefended', 'defended'] as const) {
  const ofVariant = rows.filter((r) => r.name.endsWith('-defended') === (variant === 'defended'));
  const full = ofVariant.filter((r) => r.rounds === 10_000_000).sort((a, b) => a.agents - b.agents);
  if (full.length === 0) continue;
  console.log(`\n${variant === 'defended' ? 'every defence but ejection' : 'mean consensus, uniform routing, audits'}:`);
  const smallest = full[0]!;
  const largest = full[full.length - 1]!;
  if (largest !== smallest) {
    const cost = (r: CaseMeasurement) => r.loopSeconds / r.events;
    console.log(
      `  cost per event from ${smallest.agents.toLocaleString('en-US')} to ${largest.agents.toLocaleString('en-US')} agents: ×${(cost(largest) / cost(smallest)).toFixed(2)} ` +
        `(log₂ n grows ×${(Math.log2(largest.agents) / Math.log2(smallest.agents)).toFixed(2)}; n itself ×${(largest.agents / smallest.agents).toFixed(0)})`,
    );
  }
  const target = full.find((r) => r.agents === 100_000);
  if (target) {
    const total = target.resolveSeconds + target.wallSeconds;
    console.log(
      `  100,000 agents × 10,000,000 requests: ${total.toFixed(1)} s wall in total (target < 60 s: ${total < 60 ? 'met' : 'NOT met'}), ` +
        `peak RSS ${target.peakRssMb.toFixed(0)} MB (target < 1 GB: ${target.peakRssMb < 1024 ? 'met' : 'NOT met'})`,
    );
  }
  const tenth = ofVariant.find((r) => r.agents === 100_000 && r.rounds === 1_000_000);
  if (target && tenth) {
    console.log(
      `  memory vs requests at 100,000 agents: peak RSS ${tenth.peakRssMb.toFixed(0)} MB at 1,000,000 requests, ${target.peakRssMb.toFixed(0)} MB at 10,000,000 ` +
        `(${((target.peakRssMb / tenth.peakRssMb - 1) * 100).toFixed(1)}% for 10× the requests)`,
    );
  }
}

if (selected.length === 0 || selected.includes('calendar')) {
  const holds = lastJsonLine(execFileSync(process.execPath, [join(here, 'calendar-hold.js')], { encoding: 'utf8' })) as HoldMeasurement[];
  console.log(`\nthe calendar alone (hold: pop the earliest event, schedule one an exponential delay later):`);
  for (const h of holds) {
    console.log(
      `  ${h.pending.toLocaleString('en-US').padStart(9)} pending events: ${h.nsPerHold.toFixed(0).padStart(4)} ns per pop + push (log₂ n = ${Math.log2(h.pending).toFixed(1)})`,
    );
  }
}
