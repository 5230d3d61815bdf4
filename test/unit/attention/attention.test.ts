// Reference values are written from the definition softmax(s Q K^T + M) V with Math.exp, independently of the
// core's code, and compared to 1e-12 relative.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { attention } from '../../../src/core/attention/attention';
import { causalMask } from '../../../src/core/attention/mask';
import {
  fromRows,
  type Matrix,
  matmul,
  ShapeError,
  SizeLimitError,
  scale,
  toRows,
  zeros,
} from '../../../src/core/attention/matrix';
import { assertMatrixClose, assertSameMatrix, close } from '../../support/approx';
import { prng, randomInt, randomMatrix } from '../../support/random';

const NEG = Number.NEGATIVE_INFINITY;
const { exp, sqrt } = Math;

/** softmax of one row of finite numbers, written out. */
const softmax = (row: number[]): number[] => {
  const e = row.map(exp);
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / sum);
};
const times = (w: number[][], v: number[][]): number[][] =>
  w.map((row) => v[0].map((_, j) => row.reduce((acc, wk, k) => acc + wk * v[k][j], 0)));

describe('attention: reference cases', () => {
  it('self-attention with Q = K = V', () => {
    const X = fromRows([
      [1, 0],
      [0, 1],
    ]);
    const a = 1 / sqrt(2);
    const trace = attention({ Q: X, K: X, V: X });
    assert.equal(trace.scale, a);
    assert.deepEqual(
      trace.steps.map((s) => s.name),
      ['logits', 'scaled', 'weights', 'output'],
    );
    assertMatrixClose(trace.logits, [
      [1, 0],
      [0, 1],
    ]);
    assertMatrixClose(trace.scaled, [
      [a, 0],
      [0, a],
    ]);
    const p = exp(a) / (exp(a) + 1);
    assertMatrixClose(trace.weights, [
      [p, 1 - p],
      [1 - p, p],
    ]);
    assertMatrixClose(trace.output, [
      [p, 1 - p],
      [1 - p, p],
    ]);
    assert.deepEqual(trace.warnings, []);
  });

  it('cross-attention with l_q != l_k and d_k != d_v', () => {
    // l_q = 2, l_k = 3, d_k = 2, d_v = 3.
    const Q = fromRows([
      [1, 0],
      [0, 2],
    ]);
    const K = fromRows([
      [1, 0],
      [0, 1],
      [1, 1],
    ]);
    const V = fromRows([
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ]);
    const a = 1 / sqrt(2);
    const trace = attention({ Q, K, V });
    assertMatrixClose(trace.logits, [
      [1, 0, 1],
      [0, 2, 2],
    ]);
    const w = [softmax([a, 0, a]), softmax([0, 2 * a, 2 * a])];
    assertMatrixClose(trace.weights, w);
    assertMatrixClose(trace.output, times(w, toRows(V)));
    assert.deepEqual([trace.output.rows, trace.output.cols], [2, 3]);
  });

  it('additive -Infinity masks give weights of exactly 0', () => {
    const Q = fromRows([[1, 1]]);
    const K = fromRows([
      [1, 0],
      [0, 1],
      [2, 2],
    ]);
    const V = fromRows([[1], [10], [100]]);
    const M = fromRows([[0, NEG, 0]]);
    const trace = attention({ Q, K, V, mask: { kind: 'additive', values: M } });
    const a = 1 / sqrt(2);
    const pair = softmax([a, 4 * a]);
    assertMatrixClose(trace.masked as Matrix, [[a, NEG, 4 * a]]);
    assertMatrixClose(trace.weights, [[pair[0], 0, pair[1]]]);
    assert.equal(trace.weights.data[1], 0);
    assertMatrixClose(trace.output, [[pair[0] * 1 + pair[1] * 100]]);
    assert.deepEqual(
      trace.steps.map((s) => s.name),
      ['logits', 'scaled', 'masked', 'weights', 'output'],
    );
  });

  it('causal masks align top-left or bottom-right when l_q != l_k', () => {
    // l_q = 2, l_k = 3: top-left lets query i see keys j <= i; bottom-right keys j <= i + 1.
    assert.deepEqual(toRows(causalMask(2, 3, 'top-left')), [
      [0, NEG, NEG],
      [0, 0, NEG],
    ]);
    assert.deepEqual(toRows(causalMask(2, 3, 'bottom-right')), [
      [0, 0, NEG],
      [0, 0, 0],
    ]);
    const Q = zeros(2, 1);
    const K = zeros(3, 1);
    const V = fromRows([[3], [6], [9]]);
    const topLeft = attention({ Q, K, V, mask: { kind: 'causal', alignment: 'top-left' } });
    assertMatrixClose(topLeft.weights, [
      [1, 0, 0],
      [0.5, 0.5, 0],
    ]);
    assertMatrixClose(topLeft.output, [[3], [4.5]]);
    const bottomRight = attention({ Q, K, V, mask: { kind: 'causal', alignment: 'bottom-right' } });
    assertMatrixClose(bottomRight.weights, [
      [0.5, 0.5, 0],
      [1 / 3, 1 / 3, 1 / 3],
    ]);
    assertMatrixClose(bottomRight.output, [[4.5], [6]]);
  });

  it('a bottom-right causal mask with l_q > l_k fully masks the first rows, and says so', () => {
    const trace = attention({
      Q: zeros(3, 1),
      K: zeros(2, 1),
      V: fromRows([[1], [2]]),
      mask: { kind: 'causal', alignment: 'bottom-right' },
    });
    assert.deepEqual(trace.fullyMaskedRows, [0]);
    assertMatrixClose(trace.weights, [
      [0, 0],
      [1, 0],
      [0.5, 0.5],
    ]);
  });

  describe('a fully masked row under each policy', () => {
    const Q = fromRows([[1], [2]]);
    const K = fromRows([[1], [-1]]);
    const V = fromRows([
      [2, 0],
      [4, 8],
    ]);
    const M = fromRows([
      [0, 0],
      [NEG, NEG],
    ]);
    const run = (maskedRows?: 'zeros' | 'nan' | 'uniform') =>
      attention({ Q, K, V, mask: { kind: 'additive', values: M }, maskedRows });
    const row0 = softmax([1, -1]);
    const out0 = [row0[0] * 2 + row0[1] * 4, row0[1] * 8];

    it('zeros (the default): weights and output 0', () => {
      const trace = run();
      assertMatrixClose(trace.weights, [row0, [0, 0]]);
      assertMatrixClose(trace.output, [out0, [0, 0]]);
      assert.deepEqual(trace.fullyMaskedRows, [1]);
    });

    it('nan: weights and output NaN', () => {
      const trace = run('nan');
      assertMatrixClose(trace.weights, [row0, [Number.NaN, Number.NaN]]);
      assertMatrixClose(trace.output, [out0, [Number.NaN, Number.NaN]]);
    });

    it('uniform: the output is the column mean of V', () => {
      const trace = run('uniform');
      assertMatrixClose(trace.weights, [row0, [0.5, 0.5]]);
      assertMatrixClose(trace.output, [out0, [3, 4]]);
    });

    it('is always reported, naming the row', () => {
      for (const policy of ['zeros', 'nan', 'uniform'] as const) {
        const [warning] = run(policy).warnings;
        assert.equal(warning.code, 'fully-masked-rows');
        assert.match(warning.message, /^Query row 2 of 2 is fully masked/);
        assert.match(warning.message, new RegExp(`'${policy}' policy`));
      }
    });
  });

  it('boolean masks follow their stated polarity; key padding drops columns', () => {
    const Q = zeros(2, 1);
    const K = zeros(2, 1);
    const V = fromRows([[2], [4]]);
    const B = fromRows([
      [1, 0],
      [1, 1],
    ]);
    const keep = attention({ Q, K, V, mask: { kind: 'boolean', values: B, polarity: 'keep' } });
    assertMatrixClose(keep.weights, [
      [1, 0],
      [0.5, 0.5],
    ]);
    const drop = attention({ Q, K, V, mask: { kind: 'boolean', values: B, polarity: 'drop' } });
    assertMatrixClose(drop.weights, [
      [0, 1],
      [0, 0],
    ]);
    assert.deepEqual(drop.fullyMaskedRows, [1]);
    const padded = attention({
      Q,
      K,
      V,
      mask: [
        { kind: 'key-padding', padded: [false, true] },
        { kind: 'causal', alignment: 'top-left' },
      ],
    });
    assertMatrixClose(padded.weights, [
      [1, 0],
      [1, 0],
    ]);
  });

  it('warns when a 0/1 matrix is added as a mask', () => {
    const I = fromRows([
      [1, 0],
      [0, 1],
    ]);
    const trace = attention({ Q: I, K: I, V: I, mask: { kind: 'additive', values: I } });
    assert.deepEqual(
      trace.warnings.map((w) => w.code),
      ['zero-one-additive-mask'],
    );
  });

  it('scale overrides replace 1/sqrt(d_k)', () => {
    const Q = fromRows([[1, 2]]);
    const K = fromRows([
      [1, 0],
      [0, 1],
    ]);
    const V = fromRows([[1], [0]]);
    for (const s of [1, 0.5, 0]) {
      const trace = attention({ Q, K, V, scale: s });
      assert.equal(trace.scale, s);
      const w = softmax([s * 1, s * 2]);
      assertMatrixClose(trace.weights, [w]);
      assertMatrixClose(trace.output, [[w[0]]]);
    }
    assert.throws(() => attention({ Q, K, V, scale: Number.NaN }), /scale must be a finite number/);
  });

  it('refuses mismatched shapes and oversized inputs with the operation and both shapes', () => {
    const Q = zeros(2, 3);
    assert.throws(() => attention({ Q, K: zeros(4, 2), V: zeros(4, 1) }), {
      name: 'ShapeError',
      message: 'QK^T: Q is 2x3 but K is 4x2; their column counts (d_k) must match',
    });
    assert.throws(() => attention({ Q, K: zeros(4, 3), V: zeros(3, 1) }), {
      message: 'softmax(...)V: K is 4x3 but V is 3x1; V needs one row per key, as K has (l_k)',
    });
    assert.throws(
      () => attention({ Q, K: zeros(4, 3), V: zeros(4, 1), mask: { kind: 'additive', values: zeros(4, 4) } }),
      (err: unknown) =>
        err instanceof ShapeError && err.message === 'mask: QK^T is 2x4 but M is 4x4; M must be l_q x l_k',
    );
    assert.throws(() => attention({ Q: zeros(513, 3), K: zeros(4, 3), V: zeros(4, 1) }), SizeLimitError);
    assert.throws(() => attention({ Q: zeros(9, 3), K: zeros(4, 3), V: zeros(4, 1), limits: { maxDimension: 8 } }), {
      message: 'Q is 9x3, above the limit of 8 per dimension',
    });
  });
});

describe('attention: properties on seeded random inputs', () => {
  const next = prng(20240613);
  const cases = Array.from({ length: 40 }, () => {
    const lq = randomInt(next, 1, 7);
    const lk = randomInt(next, 1, 7);
    const dk = randomInt(next, 1, 6);
    const dv = randomInt(next, 1, 6);
    return { Q: randomMatrix(next, lq, dk), K: randomMatrix(next, lk, dk), V: randomMatrix(next, lk, dv) };
  });

  it('weight rows sum to 1', () => {
    for (const c of cases) {
      const { weights } = attention(c);
      for (let i = 0; i < weights.rows; i++) {
        let sum = 0;
        for (let j = 0; j < weights.cols; j++) sum += weights.data[i * weights.cols + j];
        assert.ok(close(sum, 1, 1e-12), `row ${i} sums to ${sum}`);
      }
    }
  });

  it('softmax is invariant to adding a constant to each row of logits', () => {
    for (const c of cases) {
      const shift = zeros(c.Q.rows, c.K.rows);
      for (let i = 0; i < shift.rows; i++) shift.data.fill(next() * 50 - 25, i * shift.cols, (i + 1) * shift.cols);
      const base = attention(c);
      const shifted = attention({ ...c, mask: { kind: 'additive', values: shift } });
      assertSameMatrix(shifted.weights, base.weights, 1e-9, 'weights');
    }
  });

  it('permuting keys and values together leaves the output unchanged', () => {
    const permuteRows = (m: Matrix, order: number[]): Matrix => fromRows(order.map((r) => toRows(m)[r]));
    for (const c of cases) {
      const order = Array.from({ length: c.K.rows }, (_, i) => i).sort(() => next() - 0.5);
      const permuted = attention({ Q: c.Q, K: permuteRows(c.K, order), V: permuteRows(c.V, order) });
      assertSameMatrix(permuted.output, attention(c).output, 1e-12, 'output');
    }
  });

  it('the default 1/sqrt(d_k) equals dividing Q K^T by sqrt(d_k) explicitly', () => {
    for (const c of cases) {
      const dk = c.Q.cols;
      const byDefault = attention(c);
      const explicit = attention({ ...c, Q: scale(c.Q, 1 / sqrt(dk)), scale: 1 });
      assertSameMatrix(byDefault.scaled, scale(byDefault.logits, 1 / sqrt(dk)), 1e-15, 'scaled');
      assertSameMatrix(explicit.output, byDefault.output, 1e-12, 'output');
      assertSameMatrix(byDefault.output, matmul(byDefault.weights, c.V), 1e-15, 'output');
    }
  });
});
