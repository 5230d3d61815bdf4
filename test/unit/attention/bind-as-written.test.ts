import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bindSymbols } from '../../../src/core/attention/bind';
import { evaluateDocument } from '../../../src/core/attention/evaluate';
import { scanDocument } from '../../../src/core/document/scan';

const bmatrix = (rows: (number | string)[][]) =>
  `\\begin{bmatrix} ${rows.map((r) => r.join(' & ')).join(' \\\\ ')} \\end{bmatrix}`;
const FORMULA = '$$\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right)V$$';

function bind(text: string, symbols: string[]) {
  const scan = scanDocument(text, 'markdown');
  const formula = scan.regions.findIndex((r) => r.tex.includes('softmax'));
  const { bindings, unbound, problems } = bindSymbols(scan, formula, symbols, { query: 'Q', key: 'K', value: 'V' });
  return {
    bound: Object.fromEntries([...bindings].map(([s, b]) => [s, [b.from, b.line, b.value]])),
    unbound,
    problems: problems.map((p) => p.symbol),
  };
}

describe('bindings as notes write them', () => {
  const X = bmatrix([
    [1, 0],
    [0, 2],
  ]);
  const W = bmatrix([
    [1, 1],
    [0, 1],
  ]);

  it('computes a projection the note defines but does not print', () => {
    const text = `$$X = ${X}, \\quad W_K = ${W}$$\n\n$$Q = X, \\qquad K = X W_K, \\qquad V = X$$\n\n${FORMULA}\n`;
    assert.deepEqual(bind(text, ['K']).bound, {
      K: [
        'formula',
        3,
        [
          [1, 1],
          [0, 2],
        ],
      ],
    });
  });

  it('the matrix at the end of a chain is the name, not the first operand', () => {
    const text = `$$Q = ${X} \\cdot ${W} = ${bmatrix([
      [1, 1],
      [0, 2],
    ])}$$\n\n${FORMULA}\n`;
    assert.deepEqual(bind(text, ['Q']).bound.Q[2], [
      [1, 1],
      [0, 2],
    ]);
  });

  it('stacks named vectors as rows, or side by side as columns when written in one row', () => {
    const vectors = `$$k_1 = ${bmatrix([[1, 0]])}, \\quad k_2 = ${bmatrix([[0, 1]])}, \\quad k_3 = ${bmatrix([[1, 1]])}$$`;
    const rows = `${vectors}\n\n$$K = ${bmatrix([['k_1'], ['k_2'], ['k_3']])}$$\n\n${FORMULA}\n`;
    assert.deepEqual(bind(rows, ['K']).bound.K, [
      'stacked',
      3,
      [
        [1, 0],
        [0, 1],
        [1, 1],
      ],
    ]);
    const columns = `${vectors}\n\n$$K = ${bmatrix([['k_1', 'k_2', 'k_3']])}$$\n\n${FORMULA}\n`;
    assert.deepEqual(bind(columns, ['K']).bound.K[2], [
      [1, 0, 1],
      [0, 1, 1],
    ]);
    const missing = `$$K = ${bmatrix([['k_1'], ['k_9']])}$$\n\n${vectors}\n\n${FORMULA}\n`;
    assert.deepEqual(bind(missing, ['K']).problems, ['K']);
  });

  it('a d_k fixed only below the formula yields to the matrices above it', () => {
    const text = `$$Q = ${X}, K = ${X}, V = ${X}$$\n\n${FORMULA}\n\nLater, with eight heads, $d_k = 64$.\n`;
    const [r] = evaluateDocument(scanDocument(text, 'markdown'));
    assert.deepEqual(r.bindings.d_k, { rows: 1, cols: 1, line: 1, value: 2 });
    assert.deepEqual(r.warnings, []);
    const above = `$d_k = 64$\n\n$$Q = ${X}, K = ${X}, V = ${X}$$\n\n${FORMULA}\n`;
    assert.equal(evaluateDocument(scanDocument(above, 'markdown'))[0].bindings.d_k.value, 64);
  });

  it('with tokens as columns, d is the query rows and each column is softmaxed: the transpose of the row form', () => {
    const text = [
      `$$Q = ${bmatrix([
        [1, 0, 1],
        [0, 1, 1],
      ])}, K = ${bmatrix([
        [1, 0, 0],
        [0, 1, 2],
      ])}, V = ${bmatrix([[1, 2, 3]])}$$`,
      '$$V \\,\\mathrm{softmax}\\left(\\frac{K^\\top Q}{\\sqrt{d}}\\right)$$',
      `$$Q_r = ${bmatrix([
        [1, 0],
        [0, 1],
        [1, 1],
      ])}, K_r = ${bmatrix([
        [1, 0],
        [0, 1],
        [0, 2],
      ])}, V_r = ${bmatrix([[1], [2], [3]])}$$`,
      '$$\\mathrm{softmax}\\left(\\frac{Q_r K_r^\\top}{\\sqrt{d}}\\right)V_r$$',
    ].join('\n\n');
    const [columns, rows] = evaluateDocument(scanDocument(text, 'markdown'));
    assert.equal(columns.bindings.d.value, 2);
    assert.deepEqual(
      columns.output?.value[0],
      rows.output?.value.map((r) => r[0]),
    );
  });

  it('a matrix written with symbols gives no value: the formula is no worked example, and says why when asked', () => {
    const text = `$$E = ${bmatrix([
      ['e_{1,1}', 'e_{1,2}'],
      ['e_{2,1}', 'e_{2,2}'],
    ])}, \\quad M = ${bmatrix([
      [0, 0],
      [0, 0],
    ])}$$\n\n$$\\mathrm{softmax}(E + M)$$\n`;
    const scan = scanDocument(text, 'markdown');
    assert.deepEqual(evaluateDocument(scan), []);
    const [r] = evaluateDocument(scan, { line: 3 });
    assert.deepEqual(r.unbound, ['E']);
    assert.deepEqual(
      r.errors.map((e) => e.message),
      [
        'the matrix E on line 1 cannot be used: it is written with symbols, not numbers (e_{1,1}, e_{1,2}, e_{2,1}, e_{2,2})',
      ],
    );
  });
});

describe('bindings of one matrix under several names, and of widths by other names', () => {
  const X = bmatrix([
    [1, 0],
    [0, 2],
  ]);
  const Y = bmatrix([
    [5, 5],
    [5, 5],
  ]);

  it('gives every name of a chain Q = K = V = X the last side, a symbol or a literal', () => {
    const text = `$$X = ${X}$$\n\n$$Q = K = V = X$$\n\n${FORMULA}\n`;
    assert.deepEqual(bind(text, ['Q', 'K', 'V']).bound, {
      Q: [
        'formula',
        3,
        [
          [1, 0],
          [0, 2],
        ],
      ],
      K: [
        'formula',
        3,
        [
          [1, 0],
          [0, 2],
        ],
      ],
      V: [
        'formula',
        3,
        [
          [1, 0],
          [0, 2],
        ],
      ],
    });
    const literal = `$$Q = K = V = ${X}$$\n\n${FORMULA}\n`;
    assert.deepEqual(bind(literal, ['Q', 'K', 'V']).bound, {
      Q: [
        'formula',
        1,
        [
          [1, 0],
          [0, 2],
        ],
      ],
      K: [
        'formula',
        1,
        [
          [1, 0],
          [0, 2],
        ],
      ],
      V: [
        'matrix',
        1,
        [
          [1, 0],
          [0, 2],
        ],
      ],
    });
    // A chain that uses its own names defines nothing: Q = K = Q K^T is no alias.
    assert.deepEqual(bind(`$$X = ${X}$$\n\n$$Q = K = K X$$\n\n${FORMULA}\n`, ['Q']).unbound, ['Q']);
  });

  it('computes a definition from the matrices of its own display', () => {
    const text = `$$X = ${X}, \\quad W_K = ${X}, \\quad K = X W_K$$\n\n${FORMULA}\n`;
    assert.deepEqual(bind(text, ['K']).bound, {
      K: [
        'formula',
        1,
        [
          [1, 0],
          [0, 4],
        ],
      ],
    });
  });

  it('takes the definition nearest above the formula, a formula above before a literal further down', () => {
    const text = `$$X = ${X}$$\n\n$$Q = K = V = X$$\n\n${FORMULA}\n\n$$V = ${Y}$$\n\n${FORMULA}\n`;
    const scan = scanDocument(text, 'markdown');
    const [first, second] = scan.regions.flatMap((r, i) => (r.tex.includes('softmax') ? [i] : []));
    const value = (index: number) => bindSymbols(scan, index, ['V']).bindings.get('V')?.value;
    assert.deepEqual(value(first), [
      [1, 0],
      [0, 2],
    ]);
    assert.deepEqual(value(second), [
      [5, 5],
      [5, 5],
    ]);
  });

  it('gives a key width named d_h, d_{\\text{head}} or d_{qk} the width of the queries', () => {
    const Q = bmatrix([[1, 0, 1]]);
    for (const width of ['d_h', 'd_{\\text{head}}', 'd_{qk}']) {
      const text = `$$Q = ${Q}, \\quad K = ${Q}, \\quad V = ${Q}$$\n\n$$\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{${width}}}\\right)V$$\n`;
      const [e] = evaluateDocument(scanDocument(text, 'markdown'));
      assert.deepEqual(e?.errors, [], width);
      assert.equal(Object.values(e.bindings).find((b) => b.value !== undefined)?.value, 3, width);
    }
  });
});
