/**
 * Memory as the process sees it. ONNX Runtime has no memory API, so a
 * model's footprint is the growth of the resident set while it is loaded and
 * run (sampled after every batch), beside the process's peak resident set
 * (process.resourceUsage().maxRSS) and, where ONNX Runtime runs the model,
 * its profiler's allocator peaks. On a GPU the resident set does not include
 * device memory: see the README's GPU guide.
 */

const MB = 1024 * 1024;

export class MemoryTracker {
  private readonly baseline = process.memoryUsage().rss;
  private highest = this.baseline;

  sample(): void {
    const rss = process.memoryUsage().rss;
    if (rss > this.highest) this.highest = rss;
  }

  /** Resident-set growth since the tracker was created, in MB. */
  growthMb(): number {
    this.sample();
    return (this.highest - this.baseline) / MB;
  }
}

/** Peak resident set of this process so far, in MB (maxRSS is in kilobytes). */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export const bytesToMb = (bytes: number) => bytes / MB;
