/**
 * Memory peaks from an ONNX Runtime session profile. ONNX Runtime has no
 * memory API; with `enableProfiling` it writes a Chrome-trace JSON whose node
 * events carry the allocator's `mem_in_use_peak` and `mem_arena_held`, in
 * bytes. The largest of these over a run is the session's peak.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface OrtMemoryPeak {
  /** Largest `mem_in_use_peak` over the profiled runs, in bytes. */
  readonly inUsePeakBytes: number;
  /** Largest `mem_arena_held` (memory the arena reserved), in bytes. */
  readonly arenaHeldBytes: number;
}

export function parseOrtProfile(json: string): OrtMemoryPeak | undefined {
  const events = JSON.parse(json) as { args?: Record<string, unknown> }[];
  let inUse = -1;
  let arena = -1;
  for (const event of events) {
    const args = event.args ?? {};
    if (args.mem_in_use_peak !== undefined) inUse = Math.max(inUse, Number(args.mem_in_use_peak));
    if (args.mem_arena_held !== undefined) arena = Math.max(arena, Number(args.mem_arena_held));
  }
  if (inUse < 0 && arena < 0) return undefined;
  return { inUsePeakBytes: Math.max(inUse, 0), arenaHeldBytes: Math.max(arena, 0) };
}

/**
 * Reads and deletes the profile files ONNX Runtime wrote for `prefix`
 * (it appends a timestamp), combining their peaks.
 */
export function collectOrtProfiles(prefix: string): OrtMemoryPeak | undefined {
  const folder = dirname(prefix);
  const stem = basename(prefix);
  let combined: OrtMemoryPeak | undefined;
  for (const name of readdirSync(folder).filter((n) => n.startsWith(stem) && n.endsWith('.json'))) {
    const file = join(folder, name);
    const peak = parseOrtProfile(readFileSync(file, 'utf8'));
    rmSync(file, { force: true });
    if (!peak) continue;
    combined = combined
      ? { inUsePeakBytes: combined.inUsePeakBytes + peak.inUsePeakBytes, arenaHeldBytes: combined.arenaHeldBytes + peak.arenaHeldBytes }
      : peak;
  }
  return combined;
}
