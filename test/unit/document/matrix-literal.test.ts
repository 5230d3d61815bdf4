import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scanDocument } from '../../../src/core/document/scan';

const matrices = (tex: string) => scanDocument(`$$${tex}$$`, 'markdown').matrices;
const one = (tex: string) => {
  const found = matrices(tex);
  assert.equal(found.length, 1, `one literal in ${tex}`);
  return found[0];
};
const summary = (tex: string) => {
  const m = one(tex);
  return { name: m.name, form: m.form, rows: m.rows, cols: m.cols, values: m.values };
};

describe('matrix literals: forms', () => {
  for (const form of ['bmatrix', 'pmatrix', 'Bmatrix', 'vmatrix', 'Vmatrix', 'matrix', 'smallmatrix']) {
    it(`reads ${form}`, () => {
      assert.deepEqual(summary(`\\begin{${form}} 1 & 2 \\\\ 3 & 4 \\end{${form}}`), {
        name: null,
        form,
        rows: 2,
        cols: 2,
        values: [
          [1, 2],
          [3, 4],
        ],
      });
    });
  }

  it('reads array with a column spec, \\hline and \\left[ ... \\right]', () => {
    assert.deepEqual(
      summary(
        'A = \\left[\\begin{array}{c|cc}\\hline 1 & 2 & 3 \\\\ \\hline 4 & 5 & 6 \\\\ \\hline\\end{array}\\right]',
      ),
      {
        name: 'A',
        form: 'array',
        rows: 2,
        cols: 3,
        values: [
          [1, 2, 3],
          [4, 5, 6],
        ],
      },
    );
  });

  it('reads bracket arrays', () => {
    assert.deepEqual(summary('V = [[1, 2], [3, 4], [5, 6]]'), {
      name: 'V',
      form: 'brackets',
      rows: 3,
      cols: 2,
      values: [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
    });
  });

  it('splits rows on \\cr and ignores trailing \\\\, spacing arguments and empty trailing rows', () => {
    assert.deepEqual(one('\\begin{matrix} 1 & 2 \\cr 3 & 4 \\cr \\end{matrix}').values, [
      [1, 2],
      [3, 4],
    ]);
    assert.deepEqual(one('\\begin{bmatrix} 1 \\\\[2pt] 2 \\\\ \\\\ \\end{bmatrix}').values, [[1], [2]]);
  });

  it('keeps nested environments and braces inside one entry', () => {
    const m = one('\\begin{bmatrix} {1 & 2} & \\begin{smallmatrix}1&2\\\\3&4\\end{smallmatrix} \\end{bmatrix}');
    assert.equal(m.rows, 1);
    assert.equal(m.cols, 2);
    assert.deepEqual(
      m.nonNumeric.map((e) => e.text),
      ['{1 & 2}', '\\begin{smallmatrix}1&2\\\\3&4\\end{smallmatrix}'],
    );
  });
});

describe('matrix literals: entries', () => {
  it('reads integers, decimals, scientific notation and signs', () => {
    assert.deepEqual(
      one('\\begin{bmatrix} 1 & -2 & +3 & 0.5 & .25 & -1.5e-3 & 2E2 & 1.5 \\times 10^{-3} & 2\\cdot10^3 \\end{bmatrix}')
        .values,
      [[1, -2, 3, 0.5, 0.25, -0.0015, 200, 0.0015, 2000]],
    );
  });

  it('reads fractions, roots, infinities and braced or spaced entries', () => {
    assert.deepEqual(
      one(
        '\\begin{bmatrix} \\frac{1}{2} & \\tfrac34 & -\\dfrac{3}{4} & \\sqrt{4} & \\infty & -\\infty & {-1} & \\phantom{-}1 & \\, 7 \\, \\end{bmatrix}',
      ).values,
      [[0.5, 0.75, -0.75, 2, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -1, 1, 7]],
    );
  });

  it('reports non-numeric entries with their place, as NaN', () => {
    const m = one('\\begin{bmatrix} 1 & a \\\\ \\pm 1 & \\alpha \\end{bmatrix}');
    assert.deepEqual(m.values, [
      [1, Number.NaN],
      [Number.NaN, Number.NaN],
    ]);
    assert.deepEqual(
      m.nonNumeric.map((e) => [e.row, e.col, e.text, e.range.start.character, e.range.end.character]),
      [
        [0, 1, 'a', 22, 23],
        [1, 0, '\\pm 1', 27, 32],
        [1, 1, '\\alpha', 35, 41],
      ],
    );
    const problems = scanDocument(
      '$$\\begin{bmatrix} 1 & 1.2.3 & 2 3 & 1,5 & 3- \\end{bmatrix}$$',
      'markdown',
    ).problems;
    assert.deepEqual(
      problems.map((p) => p.message),
      ['1.2.3', '2 3', '1,5', '3-'].map((e, i) => `Entry (1, ${i + 2}) of the matrix is not a number: ${e}`),
    );
  });

  it('does not report symbolic entries as problems, alone or among numbers', () => {
    for (const tex of [
      '\\begin{bmatrix} a & b \\\\ c & d \\end{bmatrix}',
      '\\begin{bmatrix} 1 & 0 \\\\ \\alpha_{2,1} & \\alpha_{2,2} \\end{bmatrix}',
      '\\begin{bmatrix} e_{1,1} & -\\infty \\\\ e_{2,1} & e_{2,2} \\end{bmatrix}',
      '\\begin{bmatrix} q_1^\\top k_1 & \\cdots \\\\ \\vdots & \\ddots \\end{bmatrix}',
      '\\begin{bmatrix} 1 & & \\\\ 2 & 3 & \\end{bmatrix}',
      '\\begin{bmatrix} 1 & 2x & 1 + 2 & ... & ? \\end{bmatrix}',
    ]) {
      const doc = scanDocument(`$$${tex}$$`, 'markdown');
      assert.ok(doc.matrices[0].nonNumeric.length > 0, tex);
      assert.deepEqual(doc.problems, [], tex);
    }
  });

  it('does not report the short rows of a symbolic matrix or of a lower triangle', () => {
    for (const tex of [
      '\\begin{bmatrix} \\alpha_{1,1} \\\\ \\alpha_{2,1} & \\alpha_{2,2} & \\alpha_{2,3} \\end{bmatrix}',
      '\\begin{bmatrix} 1 \\\\ 0.5 & 0.5 \\\\ 0.2 & 0.3 & 0.5 \\end{bmatrix}',
    ]) {
      const doc = scanDocument(`$$${tex}$$`, 'markdown');
      assert.ok(doc.matrices[0].raggedRows.length > 0, tex);
      assert.deepEqual(doc.problems, [], tex);
    }
  });

  it('reports ragged rows without padding them', () => {
    const doc = scanDocument('$$\\begin{bmatrix} 1 & 2 & 3 \\\\ 4 \\end{bmatrix}$$', 'markdown');
    const [m] = doc.matrices;
    assert.deepEqual([m.rows, m.cols, m.values, m.raggedRows], [2, 3, [[1, 2, 3], [4]], [1]]);
    assert.deepEqual(
      doc.problems.map((p) => [p.message, p.range.start.character]),
      [['Row 2 of the matrix has 1 entry; the widest row has 3', 30]],
    );
  });

  it('reports an unclosed matrix environment', () => {
    const doc = scanDocument('$\\begin{bmatrix} 1 & 2$', 'markdown');
    assert.deepEqual(doc.matrices, []);
    assert.deepEqual(
      doc.problems.map((p) => p.message),
      ['\\begin{bmatrix} is never closed'],
    );
  });
});

describe('matrix literals: names', () => {
  const names = (tex: string) => matrices(tex).map((m) => m.name);
  it('normalises the assigned symbol', () => {
    assert.deepEqual(names('Q = \\begin{bmatrix}1\\end{bmatrix}'), ['Q']);
    assert.deepEqual(names('\\mathbf{Q} = \\begin{bmatrix}1\\end{bmatrix}'), ['Q']);
    assert.deepEqual(names('\\boldsymbol{K}=\\begin{bmatrix}1\\end{bmatrix}'), ['K']);
    assert.deepEqual(names('W^Q_1 = \\begin{bmatrix}1\\end{bmatrix}'), ['W_1^Q']);
    assert.deepEqual(names('\\mathbf{W}_{1}^{Q} = \\begin{bmatrix}1\\end{bmatrix}'), ['W_1^Q']);
    assert.deepEqual(names('M_{\\text{causal}} = \\begin{bmatrix}1\\end{bmatrix}'), ['M_{causal}']);
    assert.deepEqual(names('V &:= \\left( \\begin{matrix}1\\end{matrix} \\right)'), ['V']);
  });

  it('leaves literals that are not assigned unnamed', () => {
    assert.deepEqual(names('\\begin{bmatrix}1\\end{bmatrix} Q = x \\begin{bmatrix}2\\end{bmatrix}'), [null, null]);
    assert.deepEqual(names('QK = \\begin{bmatrix}1\\end{bmatrix}'), [null]);
  });

  it('places literals and their region', () => {
    const doc = scanDocument('x\n$A = [[1, 2]]$ and $$B = \\begin{bmatrix}3\\end{bmatrix}$$', 'markdown');
    assert.deepEqual(
      doc.matrices.map((m) => [m.name, m.regionIndex, m.range.start, m.range.end]),
      [
        ['A', 0, { line: 1, character: 5 }, { line: 1, character: 13 }],
        ['B', 1, { line: 1, character: 25 }, { line: 1, character: 54 }],
      ],
    );
  });
});
