// A seeded generator so property tests fail the same way every run.
import { type Matrix, zeros } from '../../src/core/attention/matrix';

/** mulberry32: small, fast, and good enough to spread test inputs. Returns values in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Entries uniform in [-spread, spread). */
export function randomMatrix(next: () => number, rows: number, cols: number, spread = 2): Matrix {
  const m = zeros(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = (next() * 2 - 1) * spread;
  return m;
}

export function randomInt(next: () => number, lo: number, hi: number): number {
  return lo + Math.floor(next() * (hi - lo + 1));
}
