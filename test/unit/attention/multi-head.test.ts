import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { attention } from '../../../src/core/attention/attention';
import { fromRows, matmul } from '../../../src/core/attention/matrix';
import { multiHeadAttention } from '../../../src/core/attention/multi-head';
import { assertMatrixClose, assertSameMatrix } from '../../support/approx';
import { prng, randomMatrix } from '../../support/random';

const { exp } = Math;
// Selects column c of a d_model = 2 input: each head then attends over one feature, with d_k = d_v = 1.
const column = (c: number) => fromRows(c === 0 ? [[1], [0]] : [[0], [1]]);

describe('multi-head attention', () => {
  it('two heads over one feature each, with W^O = I: the output is the two heads side by side', () => {
    const X = fromRows([
      [1, 2],
      [3, 0],
    ]);
    const trace = multiHeadAttention({
      query: X,
      key: X,
      value: X,
      WQ: [column(0), column(1)],
      WK: [column(0), column(1)],
      WV: [column(0), column(1)],
      WO: fromRows([
        [1, 0],
        [0, 1],
      ]),
    });
    // Head 1 sees x = (1, 3): logits x_i x_j, scale 1 (d_k = 1). Head 2 sees (2, 0).
    const w = (a: number, b: number) => exp(a) / (exp(a) + exp(b));
    const h1 = [1 * w(1, 3) + 3 * w(3, 1), 1 * w(3, 9) + 3 * w(9, 3)];
    const h2 = [2 * w(4, 0), 2 * w(0, 0)];
    assert.equal(trace.heads.length, 2);
    assertMatrixClose(trace.heads[0].trace.output, [[h1[0]], [h1[1]]]);
    assertMatrixClose(trace.heads[1].trace.output, [[h2[0]], [h2[1]]]);
    assertMatrixClose(trace.concat, [
      [h1[0], h2[0]],
      [h1[1], h2[1]],
    ]);
    assertMatrixClose(trace.output, [
      [h1[0], h2[0]],
      [h1[1], h2[1]],
    ]);
  });

  it('grouped key/value heads: query heads share consecutive key/value heads, as repeating them would', () => {
    const next = prng(7);
    const dModel = 4;
    const Xq = randomMatrix(next, 3, dModel);
    const Xkv = randomMatrix(next, 5, dModel);
    const WQ = Array.from({ length: 4 }, () => randomMatrix(next, dModel, 2));
    const WK = Array.from({ length: 2 }, () => randomMatrix(next, dModel, 2));
    const WV = Array.from({ length: 2 }, () => randomMatrix(next, dModel, 3));
    const WO = randomMatrix(next, 4 * 3, dModel);
    const gqa = multiHeadAttention({ query: Xq, key: Xkv, value: Xkv, WQ, WK, WV, WO });
    assert.deepEqual(
      gqa.heads.map((h) => h.kvHead),
      [0, 0, 1, 1],
    );
    const repeated = multiHeadAttention({
      query: Xq,
      key: Xkv,
      value: Xkv,
      WQ,
      WK: [WK[0], WK[0], WK[1], WK[1]],
      WV: [WV[0], WV[0], WV[1], WV[1]],
      WO,
    });
    assertSameMatrix(gqa.output, repeated.output, 1e-12);
    // Head 3 is plain attention on its own projections.
    const direct = attention({ Q: matmul(Xq, WQ[2]), K: matmul(Xkv, WK[1]), V: matmul(Xkv, WV[1]) });
    assertSameMatrix(gqa.heads[2].trace.output, direct.output, 1e-15);
    const mqa = multiHeadAttention({ query: Xq, key: Xkv, value: Xkv, WQ, WK: [WK[0]], WV: [WV[0]], WO });
    assert.deepEqual(
      mqa.heads.map((h) => h.kvHead),
      [0, 0, 0, 0],
    );
  });

  it('refuses head counts that do not divide and a W^O of the wrong height', () => {
    const X = fromRows([[1, 2]]);
    const base = {
      query: X,
      key: X,
      value: X,
      WQ: [column(0), column(1), column(0)],
      WO: fromRows([
        [1, 0],
        [0, 1],
        [1, 1],
      ]),
    };
    assert.throws(() => multiHeadAttention({ ...base, WK: [column(0), column(1)], WV: [column(0), column(1)] }), {
      message: '3 query heads cannot share 2 key/value heads: the number of key/value heads must divide h',
    });
    assert.throws(() => multiHeadAttention({ ...base, WK: [column(0)], WV: [column(0)], WO: fromRows([[1, 0]]) }), {
      name: 'ShapeError',
      message:
        'Concat(head_1, ..., head_h) W^O: Concat(head_1, ..., head_h) is 1x3 but W^O is 1x2; W^O needs one row per concatenated value column (h d_v)',
    });
  });
});
