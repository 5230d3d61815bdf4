// Side-by-side timing: every figure is printed beside a baseline measured in the same run.
import type { ScannedDocument } from '../../src/core/document/document-model';
import { rememberSource, sourceOf } from '../../src/core/document/source-text';

export interface Timing {
  /** Median milliseconds per call. */
  ms: number;
  runs: number;
}

/** Calls `fn` until `minMs` has passed (at least `minRuns` times) after one warm-up, and returns the median. */
export function measure(fn: () => unknown, { minMs = 300, minRuns = 5, warmup = 1 } = {}): Timing {
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  const until = performance.now() + minMs;
  while (samples.length < minRuns || performance.now() < until) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return { ms: samples[Math.floor(samples.length / 2)], runs: samples.length };
}

/** Milliseconds one call of `fn` takes. */
export function timed(fn: () => unknown): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

export const median = (samples: readonly number[]): number =>
  [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)];

/** The same scan with nothing read of it: whatever is asked of it is read from its whole text, as without carrying. */
export function unread(scan: ScannedDocument): ScannedDocument {
  const copy = { ...scan };
  const lines = sourceOf(scan);
  if (lines) rememberSource(copy, lines);
  return copy;
}

export function fmtMs(ms: number): string {
  return ms >= 100 ? `${ms.toFixed(0)} ms` : ms >= 1 ? `${ms.toFixed(2)} ms` : `${(ms * 1000).toFixed(1)} µs`;
}

/**
 * Prints one comparison row: our figure, the baseline's, and their ratio. `higherIsBetter` tells which way the
 * goal points (throughputs) and `goal` is the ratio we aim for, shown with a pass/miss mark.
 */
export function report(row: {
  name: string;
  ours: string;
  baselineName: string;
  baseline: string;
  ratio: number;
  goal?: string;
  met?: boolean;
}): void {
  const mark = row.met === undefined ? '' : row.met ? ' [goal met]' : ' [goal missed]';
  const goal = row.goal ? ` (goal ${row.goal})` : '';
  console.log(
    `${row.name}: ours ${row.ours} | ${row.baselineName} ${row.baseline} | ratio ${row.ratio.toFixed(2)}x${goal}${mark}`,
  );
}
