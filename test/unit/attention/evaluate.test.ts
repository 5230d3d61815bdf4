import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { attention } from '../../../src/core/attention/attention';
import {
  evaluateDocument,
  evaluateExpression,
  evaluateRegion,
  type FormulaEvaluation,
} from '../../../src/core/attention/evaluate';
import { fromRows, type Matrix, toRows } from '../../../src/core/attention/matrix';
import { assertMatrixClose, assertSameMatrix } from '../../support/approx';
import { handDoc, type Item } from '../../support/hand-doc';
import { prng, randomInt, randomMatrix } from '../../support/random';

const NEG = Number.NEGATIVE_INFINITY;
const MASKED_FORMULA =
  '\\text{Attention}(Q, K, V, M) = \\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}} + M\\right)V';

/** Evaluates the last item, which must be the formula. */
const evaluateLast = (items: Item[], options = {}): FormulaEvaluation => {
  const doc = handDoc(items);
  return evaluateRegion(doc, doc.regions.length - 1, options);
};
const step = (r: FormulaEvaluation, name: string): Matrix => {
  const s = r.steps.find((x) => x.name === name);
  assert.ok(s, `no step ${name}`);
  return fromRows(s.value);
};

describe('evaluate: formulas as written', () => {
  it('evaluates every step of the masked formula and agrees with the numeric core', () => {
    const Q = [
      [1, 0],
      [0, 2],
    ];
    const K = [
      [1, 0],
      [0, 1],
      [1, 1],
    ];
    const V = [
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ];
    const M = [
      [0, NEG, 0],
      [0, 0, 0],
    ];
    const r = evaluateLast([
      { matrix: 'Q', values: Q },
      { matrix: 'K', values: K },
      { matrix: 'V', values: V },
      { matrix: 'M', values: M },
      { formula: MASKED_FORMULA },
    ]);
    assert.deepEqual(r.errors, []);
    assert.equal(r.kind, 'masked_scaled_dot_product');
    assert.equal(r.expression, 'softmax((Q * transpose(K)) / sqrt(d_k) + M) * V');
    assert.deepEqual(
      r.steps.map((s) => `${s.name} ${s.rows}x${s.cols}`),
      ['logits 2x3', 'scaled 2x3', 'masked 2x3', 'weights 2x3', 'output 2x3'],
    );
    // d_k comes from Q's column count, because no shape or scalar names it.
    assert.deepEqual(r.bindings.d_k, { rows: 1, cols: 1, line: 1, value: 2 });
    assert.deepEqual(r.bindings.K, { rows: 3, cols: 2, line: 2 });
    const a = 1 / Math.sqrt(2);
    const e = Math.exp;
    assertMatrixClose(step(r, 'logits'), [
      [1, 0, 1],
      [0, 2, 2],
    ]);
    assertMatrixClose(step(r, 'weights'), [
      [0.5, 0, 0.5],
      [1 / (1 + 2 * e(2 * a)), e(2 * a) / (1 + 2 * e(2 * a)), e(2 * a) / (1 + 2 * e(2 * a))],
    ]);
    const core = attention({
      Q: fromRows(Q),
      K: fromRows(K),
      V: fromRows(V),
      mask: { kind: 'additive', values: fromRows(M) },
    });
    assertSameMatrix(step(r, 'output'), core.output, 1e-12);
    assert.ok(r.check?.agrees && r.check.maxRelativeDifference < 1e-12);
    assert.deepEqual(r.check.compared, ['logits', 'scaled', 'masked', 'weights', 'output']);
    assert.deepEqual(r.notes, []);
  });

  it('agrees with the numeric core on random inputs, in several spellings', () => {
    const next = prng(99);
    const spellings = [
      '\\mathrm{softmax}\\left(\\frac{\\mathbf{Q}\\mathbf{K}^\\top}{\\sqrt{d_k}}\\right)\\mathbf{V}',
      'softmax(Q K^{\\mathsf T} / \\sqrt{d_k} + M) V',
      '\\operatorname{softmax}(\\frac{1}{\\sqrt{d_k}} Q K^\\top + M) \\cdot V',
      '\\text{softmax}(QK^\\intercal \\cdot \\frac{1}{\\sqrt{d_k}})V',
    ];
    for (let t = 0; t < 24; t++) {
      const [lq, lk, dk, dv] = [
        randomInt(next, 1, 6),
        randomInt(next, 1, 6),
        randomInt(next, 1, 5),
        randomInt(next, 1, 5),
      ];
      const [Q, K, V, M] = [
        randomMatrix(next, lq, dk),
        randomMatrix(next, lk, dk),
        randomMatrix(next, lk, dv),
        randomMatrix(next, lq, lk, 3),
      ];
      const formula = spellings[t % spellings.length];
      const r = evaluateLast([
        { matrix: 'Q', values: toRows(Q) },
        { matrix: 'K', values: toRows(K) },
        { matrix: 'V', values: toRows(V) },
        { matrix: 'M', values: toRows(M) },
        { formula },
      ]);
      assert.deepEqual(r.errors, [], formula);
      assert.ok(r.check?.agrees, `${formula}: ${r.check?.maxRelativeDifference}`);
      const masked = formula.includes('M');
      const core = attention({ Q, K, V, mask: masked ? { kind: 'additive', values: M } : undefined });
      assertSameMatrix(step(r, 'output'), core.output, 1e-12, formula);
    }
  });

  it('reports a fully masked row under each policy', () => {
    const items: Item[] = [
      { matrix: 'Q', values: [[1], [2]] },
      { matrix: 'K', values: [[1], [-1]] },
      {
        matrix: 'V',
        values: [
          [2, 0],
          [4, 8],
        ],
      },
      {
        matrix: 'M',
        values: [
          [0, 0],
          [NEG, NEG],
        ],
      },
      { formula: MASKED_FORMULA },
    ];
    const expected = { zeros: [0, 0], nan: [Number.NaN, Number.NaN], uniform: [3, 4] };
    for (const policy of ['zeros', 'nan', 'uniform'] as const) {
      const r = evaluateLast(items, { maskedRows: policy });
      assert.deepEqual(r.errors, []);
      assertMatrixClose(fromRows([r.output?.value[1] ?? []]), [expected[policy]], 1e-12, policy);
      const masked = r.warnings.filter((w) => w.code === 'fully-masked-rows');
      assert.equal(masked.length, 1);
      assert.match(masked[0].message, /^Query row 2 of 2 is fully masked/);
      assert.ok(r.check?.agrees, policy);
    }
  });

  it('notes an unscaled formula, a scale by the sequence length and a missing transpose, and evaluates them as written', () => {
    const square = [
      {
        matrix: 'Q',
        values: [
          [1, 0],
          [0, 1],
        ],
      },
      {
        matrix: 'K',
        values: [
          [1, 2],
          [3, 4],
        ],
      },
      {
        matrix: 'V',
        values: [
          [1, 0],
          [0, 1],
        ],
      },
    ];
    const unscaled = evaluateLast([...square, { formula: 'softmax(QK^T)V' }]);
    assert.match(
      unscaled.notes[0],
      /^The logits are not scaled; standard attention multiplies them by 1\/sqrt\(d_k\) = 1\/sqrt\(2\)/,
    );
    assertSameMatrix(step(unscaled, 'output'), attention({ ...coreOf(square), scale: 1 }).output, 1e-12);

    const byLength = evaluateLast([
      { matrix: 'Q', values: [[1, 0]] },
      {
        matrix: 'K',
        values: [
          [1, 2],
          [3, 4],
          [5, 6],
        ],
      },
      { matrix: 'V', values: [[1], [2], [3]] },
      { formula: 'softmax(QK^T / \\sqrt{l_k})V' },
    ]);
    assert.equal(byLength.bindings.l_k.value, 3);
    assert.match(
      byLength.notes[0],
      /^The logits are scaled by 1\/sqrt\(l_k\), the square root of a sequence length \(l_k = 3\); standard attention uses 1\/sqrt\(d_k\) = 1\/sqrt\(2\)/,
    );
    assert.ok(byLength.check?.agrees);

    const untransposed = evaluateLast([...square, { formula: 'softmax(\\frac{QK}{\\sqrt{d_k}})V' }]);
    assert.match(
      untransposed.notes[0],
      /^K is not transposed: the logits are written QK, where standard attention has QK\^T/,
    );
    assertMatrixClose(step(untransposed, 'logits'), [
      [1, 2],
      [3, 4],
    ]);
    assert.ok(untransposed.check?.agrees);
  });

  it('refuses shapes that do not fit, at the place of the operation', () => {
    const tex = 'softmax(QK^T / \\sqrt{d_k})V';
    const r = evaluateLast([
      {
        matrix: 'Q',
        values: [
          [1, 2, 3],
          [4, 5, 6],
        ],
      },
      {
        matrix: 'K',
        values: [
          [1, 2],
          [3, 4],
          [5, 6],
          [7, 8],
        ],
      },
      { matrix: 'V', values: [[1], [2], [3], [4]] },
      { formula: tex },
    ]);
    assert.equal(r.errors.length, 1);
    const [e] = r.errors;
    assert.equal(e.message, 'QK^T: Q is 2x3 but K is 4x2; their column counts (d_k) must match');
    // Offsets are into the document: the region's TeX starts at 3002 on line 3 of the hand-made document.
    assert.deepEqual([e.start, e.end], [3002 + tex.indexOf('QK^T'), 3002 + tex.indexOf('QK^T') + 4]);
    assert.deepEqual(r.steps, []);

    const missingT = evaluateLast([
      { matrix: 'Q', values: [[1, 2, 3]] },
      {
        matrix: 'K',
        values: [
          [1, 2, 3],
          [4, 5, 6],
        ],
      },
      { matrix: 'V', values: [[1], [2]] },
      { formula: 'softmax(QK)V' },
    ]);
    assert.equal(
      missingT.errors[0].message,
      'QK: Q is 1x3 but K is 2x3; the column count of Q must equal the row count of K (K^T would fit: is a transpose missing?)',
    );
    const badMask = evaluateLast([
      { matrix: 'Q', values: [[1]] },
      { matrix: 'K', values: [[1], [2]] },
      { matrix: 'V', values: [[1], [2]] },
      { matrix: 'M', values: [[0], [0]] },
      { formula: 'softmax(QK^T + M)V' },
    ]);
    assert.equal(badMask.errors[0].message, 'QK^T + M: QK^T is 1x2 but M is 2x1; their shapes must be equal');
  });

  it('names symbols the document does not define, and matrices above the size limit', () => {
    const r = evaluateLast([{ matrix: 'Q', values: [[1]] }, { formula: 'softmax(QK^T)V' }]);
    assert.deepEqual(r.unbound, ['K', 'V']);
    assert.deepEqual(
      r.errors.map((e) => [e.message, e.start]),
      [
        ['K has no value: the document defines no matrix or number called K', 1002 + 'softmax(Q'.length],
        ['V has no value: the document defines no matrix or number called V', 1002 + 'softmax(QK^T)'.length],
      ],
    );
    const big = evaluateLast(
      [
        { matrix: 'Q', values: [[1, 2, 3]] },
        { matrix: 'K', values: [[1, 2, 3]] },
        { matrix: 'V', values: [[1]] },
        { formula: 'softmax(QK^T)V' },
      ],
      { limits: { maxDimension: 2 } },
    );
    assert.deepEqual(
      big.errors.map((e) => e.message),
      ['Q is 1x3, above the limit of 2 per dimension', 'K is 1x3, above the limit of 2 per dimension'],
    );
  });

  it('binds the nearest definition above the formula, else the first below, and prefers an explicit scalar', () => {
    const r = evaluateLast(
      [
        { matrix: 'Q', values: [[100]] },
        { matrix: 'Q', values: [[1, 1]] },
        { scalar: 'd_k', value: 4 },
        {
          matrix: 'K',
          values: [
            [1, 0],
            [0, 1],
          ],
        },
        { matrix: 'V', values: [[1], [3]] },
        { formula: 'softmax(QK^T / \\sqrt{d_k})V' },
        { matrix: 'Q', values: [[7, 7]] },
      ].slice(0, 6),
    );
    assert.deepEqual(r.bindings.Q, { rows: 1, cols: 2, line: 2 });
    assert.deepEqual(r.bindings.d_k, { rows: 1, cols: 1, line: 3, value: 4 });
    assert.deepEqual(
      r.warnings.map((w) => w.message),
      ['d_k = 4 on line 3, but the matrices give d_k = 2; the formula is evaluated with 4 as written'],
    );
    assert.match(
      r.notes[0],
      /scaled by 1\/sqrt\(d_k\) = 0.5, where standard attention uses 1\/sqrt\(d_k\) = 1\/sqrt\(2\)/,
    );
    const doc = handDoc([
      { formula: 'softmax(QK^T)V' },
      { matrix: 'Q', values: [[1]] },
      { matrix: 'K', values: [[1]] },
      { matrix: 'V', values: [[5]] },
      { matrix: 'V', values: [[6]] },
    ]);
    const below = evaluateRegion(doc, 0);
    assert.deepEqual(below.output?.value, [[5]]);
    assert.equal(below.bindings.V.line, 4);
  });

  it('evaluates the formula at a line, or every attention formula the document can evaluate', () => {
    const doc = handDoc([
      { matrix: 'Q', values: [[1]] },
      { matrix: 'K', values: [[2]] },
      { formula: 'QK^T' },
      { formula: 'softmax(QK^T)V' },
      { matrix: 'V', values: [[3]] },
      { formula: 'softmax(QK^T / \\sqrt{d_k})V' },
      { formula: 'softmax(QX^T)V' },
    ]);
    assert.deepEqual(
      evaluateDocument(doc).map((r) => [r.line, r.kind]),
      [
        [4, 'scaled_dot_product'],
        [6, 'scaled_dot_product'],
      ],
    );
    const [logits] = evaluateDocument(doc, { line: 3 });
    assert.deepEqual([logits.kind, logits.output?.value], ['none', [[2]]]);
    assert.deepEqual(evaluateDocument(doc, { line: 99 }), []);
  });
});

describe('evaluate: the sandbox', () => {
  it('refuses expressions that reach for mathjs internals, with a clear error', () => {
    const scope = { Q: [[1, 2]] };
    const refused: [string, RegExp][] = [
      ['import({evil: 1}, {override: true})', /the function 'import' is not available in formulas/],
      ['evaluate("1 + 1")', /the function 'evaluate' is not available/],
      ['createUnit("evil")', /the function 'createUnit' is not available/],
      ['parse("x")', /the function 'parse' is not available/],
      ['simplify("x")', /the function 'simplify' is not available/],
      ['derivative("x^2", "x")', /the function 'derivative' is not available/],
      ['config({number: "BigNumber"})', /the function 'config' is not available/],
      ['Q.constructor', /property access \(such as \.constructor\) is not allowed/],
      ['transpose.constructor', /property access/],
      ['Q["constructor"]', /indexes are not allowed|property access/],
      ['__proto__', /'__proto__' has no value/],
      ['f(x) = x', /function definitions are not allowed/],
      ['x = 3', /assignments are not allowed/],
      ['"text"', /only numbers are allowed/],
    ];
    for (const [expr, message] of refused) {
      const r = evaluateExpression(expr, scope);
      assert.equal(r.ok, false, expr);
      assert.match(r.ok ? '' : r.error, message, expr);
    }
    // The sandbox still works, and its settings were not changed by the attempts.
    const ok = evaluateExpression('softmax(Q) * transpose(Q) + causalMask(1, 1)', scope);
    assert.ok(ok.ok && typeof ok.value !== 'number' && typeof ok.value[0][0] === 'number');
  });

  it('refuses a formula whose TeX names a function that is not arithmetic, at its place', () => {
    const tex = '\\operatorname{import}(Q) + \\text{softmax}(Q)';
    const r = evaluateLast([{ matrix: 'Q', values: [[1]] }, { formula: tex }]);
    assert.deepEqual(
      r.errors.map((e) => [e.message, e.start, e.end]),
      [["'import' is not a function that can be evaluated", 1002, 1002 + '\\operatorname{import}(Q)'.length]],
    );
  });

  it('checks every call against its own scope, even for an expression it has seen before', () => {
    assert.deepEqual(evaluateExpression('2 * Q', { Q: [[1]] }), { ok: true, value: [[2]], fullyMaskedRows: [] });
    assert.deepEqual(evaluateExpression('2 * Q', {}), { ok: false, error: "'Q' has no value" });
  });

  it('has the mask helpers', () => {
    const r = evaluateExpression('causalMaskBottomRight(2, 3) + maskFromDrop(B) + keyPaddingMask(2, [0, 0, 1])', {
      B: [
        [0, 0, 0],
        [1, 0, 0],
      ],
    });
    assert.ok(r.ok);
    assert.deepEqual(r.value, [
      [0, 0, NEG],
      [NEG, 0, NEG],
    ]);
  });
});

function coreOf(items: Item[]) {
  const get = (name: string) =>
    fromRows((items.find((i) => 'matrix' in i && i.matrix === name) as { values: number[][] }).values);
  return { Q: get('Q'), K: get('K'), V: get('V') };
}
