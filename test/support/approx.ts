// Comparisons of computed matrices with references, to a relative tolerance, with readable failures.
import assert from 'node:assert/strict';
import type { Matrix } from '../../src/core/attention/matrix';

/** Equal when both are NaN, both the same infinity, or within `rel` of the larger magnitude. */
export function close(actual: number, expected: number, rel = 1e-12): boolean {
  if (Number.isNaN(expected) || !Number.isFinite(expected)) return Object.is(actual, expected) || actual === expected;
  return Math.abs(actual - expected) <= rel * Math.max(Math.abs(actual), Math.abs(expected), Number.MIN_VALUE);
}

export function assertMatrixClose(
  actual: Matrix,
  expected: readonly (readonly number[])[],
  rel = 1e-12,
  label = '',
): void {
  assert.equal(actual.rows, expected.length, `${label} rows`);
  assert.equal(actual.cols, expected[0]?.length ?? 0, `${label} cols`);
  for (let i = 0; i < actual.rows; i++) {
    for (let j = 0; j < actual.cols; j++) {
      const a = actual.data[i * actual.cols + j];
      const e = expected[i][j];
      assert.ok(close(a, e, rel), `${label} entry (${i}, ${j}): got ${a}, expected ${e}`);
    }
  }
}

export function assertSameMatrix(actual: Matrix, expected: Matrix, rel = 1e-12, label = ''): void {
  assert.equal(`${actual.rows}x${actual.cols}`, `${expected.rows}x${expected.cols}`, `${label} shape`);
  for (let i = 0; i < actual.data.length; i++) {
    const a = actual.data[i];
    const e = expected.data[i];
    assert.ok(close(a, e, rel), `${label} entry ${i}: got ${a}, expected ${e}`);
  }
}
