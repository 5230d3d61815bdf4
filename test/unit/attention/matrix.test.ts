import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  add,
  checkSize,
  fromRows,
  matmul,
  matmulTransposed,
  ShapeError,
  SizeLimitError,
  scale,
  softmaxRows,
  toRows,
  transpose,
} from '../../../src/core/attention/matrix';
import { assertMatrixClose, assertSameMatrix } from '../../support/approx';
import { prng, randomMatrix } from '../../support/random';

describe('matrix', () => {
  it('multiplies, transposes, scales and adds', () => {
    const a = fromRows([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const b = fromRows([
      [1, 0],
      [0, 1],
      [2, -1],
    ]);
    assert.deepEqual(toRows(matmul(a, b)), [
      [7, -1],
      [16, -1],
    ]);
    assert.deepEqual(toRows(transpose(a)), [
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    assert.deepEqual(toRows(scale(a, 2)), [
      [2, 4, 6],
      [8, 10, 12],
    ]);
    assert.deepEqual(toRows(add(a, a)), toRows(scale(a, 2)));
  });

  it('computes A B^T without a transpose, equal to matmul with the transpose', () => {
    const next = prng(1);
    for (const n of [1, 3, 4, 7]) {
      const a = randomMatrix(next, 5, n);
      const b = randomMatrix(next, 6, n);
      assertSameMatrix(matmulTransposed(a, b), matmul(a, transpose(b)), 1e-12);
    }
  });

  it('names the operation and both shapes when they do not fit', () => {
    const q = fromRows([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const k = fromRows([
      [1, 2],
      [3, 4],
      [5, 6],
      [7, 8],
    ]);
    assert.throws(
      () => matmulTransposed(q, k, ['Q', 'K']),
      (err: unknown) => {
        assert.ok(err instanceof ShapeError);
        assert.equal(err.operation, 'QK^T');
        assert.deepEqual([err.left.rows, err.left.cols, err.right.rows, err.right.cols], [2, 3, 4, 2]);
        assert.equal(err.message, 'QK^T: Q is 2x3 but K is 4x2; their column counts must match');
        return true;
      },
    );
    assert.throws(() => add(q, k), ShapeError);
  });

  it('refuses dimensions above the limit', () => {
    assert.throws(
      () => checkSize({ name: 'Q', rows: 600, cols: 2 }),
      (err: unknown) => {
        assert.ok(err instanceof SizeLimitError);
        assert.equal(err.message, 'Q is 600x2, above the limit of 512 per dimension');
        return true;
      },
    );
    assert.doesNotThrow(() => checkSize({ name: 'Q', rows: 600, cols: 2 }, 1000));
  });

  describe('softmaxRows', () => {
    it('is stable for large logits and gives exact zeros for -Infinity', () => {
      const { value, fullyMaskedRows } = softmaxRows(fromRows([[1000, 1000, Number.NEGATIVE_INFINITY]]));
      assert.deepEqual(toRows(value), [[0.5, 0.5, 0]]);
      assert.deepEqual(fullyMaskedRows, []);
    });

    it('follows the policy for fully masked rows and lists them', () => {
      const inf = Number.NEGATIVE_INFINITY;
      const logits = fromRows([
        [0, Math.log(3)],
        [inf, inf],
      ]);
      assertMatrixClose(softmaxRows(logits, 'zeros').value, [
        [0.25, 0.75],
        [0, 0],
      ]);
      assertMatrixClose(softmaxRows(logits, 'uniform').value, [
        [0.25, 0.75],
        [0.5, 0.5],
      ]);
      const nan = softmaxRows(logits, 'nan');
      assertMatrixClose(nan.value, [
        [0.25, 0.75],
        [Number.NaN, Number.NaN],
      ]);
      assert.deepEqual(nan.fullyMaskedRows, [1]);
    });

    it('propagates NaN to the whole row without calling it masked', () => {
      const { value, fullyMaskedRows } = softmaxRows(fromRows([[Number.NaN, Number.NEGATIVE_INFINITY]]));
      assert.ok(value.data.every(Number.isNaN));
      assert.deepEqual(fullyMaskedRows, []);
    });
  });
});
