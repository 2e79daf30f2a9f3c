/** The sweep's progress bar on stderr (drawn only on a terminal), with throughput and ETA. */
import { Presets, SingleBar } from 'cli-progress';
import type { ProgressReporter } from '../experiment/experiment.js';

export class ProgressBar implements ProgressReporter {
  private readonly bar = new SingleBar(
    {
      format: 'sweep |{bar}| {percentage}% · {value}/{total} points · {runs} runs · {rate} points/s · ETA {eta_formatted}',
      stream: process.stderr,
      hideCursor: true,
      etaBuffer: 100,
      fps: 5,
      barsize: 30,
    },
    Presets.shades_classic,
  );
  private started = 0;
  private initial = 0;

  start(total: number, done: number): void {
    this.started = Date.now();
    this.initial = done;
    this.bar.start(total, done, { runs: 0, rate: '–' });
  }

  update(done: number, runs: number): void {
    const seconds = (Date.now() - this.started) / 1000;
    const rate = seconds > 0 ? ((done - this.initial) / seconds).toFixed(1) : '–';
    this.bar.update(done, { runs: runs.toLocaleString('en-US'), rate });
  }

  stop(): void {
    this.bar.stop();
  }
}
