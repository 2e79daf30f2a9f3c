/**
 * A report's PNGs, written while the next figures are laid out: each is
 * rasterized on libuv's thread pool (svgToPng) and written when done, a few
 * at a time so memory stays bounded. PNG rasterizing was the largest part
 * of a figure's time; on two cores it now runs beside the SVG and PDF of
 * the figures after it. Every file is the same as rendered one at a time.
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { svgToPng } from './render-figure.js';

/** PNGs in flight: libuv's thread pool has four threads. */
const IN_FLIGHT = 4;

export class PngWrites {
  private readonly pending = new Set<Promise<void>>();
  private readonly milliseconds = new Map<string, number>();
  private failure: { readonly error: unknown } | undefined;

  constructor(private readonly dpi: number) {}

  /** Starts figure `id`'s PNG into `file`; waits first while as many are in flight as the pool has threads. */
  async add(id: string, svg: string, file: string): Promise<void> {
    while (this.pending.size >= IN_FLIGHT) await Promise.race(this.pending);
    const started = performance.now();
    // A failure is kept, not left unhandled: finished() throws it.
    const tracked: Promise<void> = svgToPng(svg, this.dpi)
      .then((png) => {
        writeFileSync(file, png);
        this.milliseconds.set(id, performance.now() - started);
      })
      .catch((error: unknown) => {
        this.failure ??= { error };
      })
      .finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }

  /** Once every PNG is written: how long each took from start to file, in ms. Throws the first failure. */
  async finished(): Promise<ReadonlyMap<string, number>> {
    await this.settled();
    if (this.failure) throw this.failure.error;
    return this.milliseconds;
  }

  /** Waits for the PNGs in flight, failed or not (before their folder is removed). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}
