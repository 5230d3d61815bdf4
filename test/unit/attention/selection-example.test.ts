import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateDocument } from '../../../src/core/attention/evaluate';
import { crossAttentionExample } from '../../../src/core/attention/example-document';
import { selectionTarget } from '../../../src/core/attention/selection-example';
import { diagnoseDocument } from '../../../src/core/diagnose/diagnose';
import { scanDocument } from '../../../src/core/document/scan';

const matrix = (name: string, rows: number[][]) =>
  `${name} = \\begin{bmatrix} ${rows.map((r) => r.join(' & ')).join(' \\\\ ')} \\end{bmatrix}`;

function target(text: string, selected: string) {
  const start = text.indexOf(selected);
  assert.ok(start >= 0);
  return selectionTarget(scanDocument(text, 'markdown'), text, start, start + selected.length);
}

describe('selectionTarget', () => {
  const formula = '$$\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right)V$$';

  it('is the attention formula the selection touches, or the one at the cursor', () => {
    const text = `Intro $x$.\n\n${formula}\n`;
    assert.deepEqual(target(text, 'QK'), { kind: 'formula', regionIndex: 1 });
    const cursor = text.indexOf('sqrt');
    assert.deepEqual(selectionTarget(scanDocument(text, 'markdown'), text, cursor, cursor), {
      kind: 'formula',
      regionIndex: 1,
    });
  });

  it('makes one matrix self-attention, with Q = K = V = X', () => {
    const text = `$$${matrix('H', [[1, 2]])}$$\n`;
    const t = target(text, '\\begin');
    assert.equal(t.kind, 'matrices');
    const example = t.kind === 'matrices' ? t.text : '';
    assert.equal(
      example,
      '$$\nX = \\begin{bmatrix} 1 & 2 \\end{bmatrix}\n$$\n\n$$\n\\mathrm{softmax}\\left(\\frac{XX^\\top}{\\sqrt{d_k}}\\right)X\n$$',
    );
    const [r] = evaluateDocument(scanDocument(example, 'markdown'));
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.output?.value, [[1, 2]]);
  });

  it('reads Q, K, V and M by name whatever their order, else in the order written', () => {
    const named = `$$${matrix('M', [[0, 0]])}, ${matrix('V', [[1], [2]])}, ${matrix('K', [[1], [0]])}, ${matrix('Q', [[1]])}$$`;
    const t = target(named, named);
    assert.equal(t.kind, 'matrices');
    const text = t.kind === 'matrices' ? t.text : '';
    assert.deepEqual(
      text.split('\n').filter((l) => /^[A-Z] =/.test(l)),
      [
        'Q = \\begin{bmatrix} 1 \\end{bmatrix}',
        'K = \\begin{bmatrix} 1 \\\\ 0 \\end{bmatrix}',
        'V = \\begin{bmatrix} 1 \\\\ 2 \\end{bmatrix}',
        'M = \\begin{bmatrix} 0 & 0 \\end{bmatrix}',
      ],
    );
    assert.match(text, /\+ M\\right\)V\n\$\$$/);
    const unnamed = `$$\\begin{bmatrix} 1 \\end{bmatrix}, \\begin{bmatrix} 2 \\end{bmatrix}, \\begin{bmatrix} 3 \\end{bmatrix}$$`;
    const u = target(unnamed, unnamed);
    assert.deepEqual(u.kind === 'matrices' ? u.text.split('\n').filter((l) => /^[A-Z] =/.test(l)) : [], [
      'Q = \\begin{bmatrix} 1 \\end{bmatrix}',
      'K = \\begin{bmatrix} 2 \\end{bmatrix}',
      'V = \\begin{bmatrix} 3 \\end{bmatrix}',
    ]);
  });

  it('reads the matrices of the Markdown tables selected, written back as TeX', () => {
    const text = [
      '| token | q1 | q2 | k1 | k2 | v1 | v2 |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      '| I | 1 | 0 | 1 | 1 | 2 | 0 |',
      '| tea | 0 | 1 | 0 | 1 | 0 | 4 |',
      '',
      'M:',
      '',
      '| | I | tea |',
      '| --- | --- | --- |',
      '| I | 0 | -∞ |',
      '| tea | 0 | 0 |',
      '',
    ].join('\n');
    const t = target(text, text.trim());
    assert.equal(t.kind, 'matrices');
    const example = t.kind === 'matrices' ? t.text : '';
    assert.deepEqual(
      example.split('\n').filter((l) => /^[A-Z] =/.test(l)),
      [
        'Q = \\begin{bmatrix} 1 & 0 \\\\ 0 & 1 \\end{bmatrix}',
        'K = \\begin{bmatrix} 1 & 1 \\\\ 0 & 1 \\end{bmatrix}',
        'V = \\begin{bmatrix} 2 & 0 \\\\ 0 & 4 \\end{bmatrix}',
        'M = \\begin{bmatrix} 0 & -\\infty \\\\ 0 & 0 \\end{bmatrix}',
      ],
    );
    // Row 1 keeps its first key only; row 2 weighs the keys' logits 1/√2 and 1/√2 alike (NumPy).
    const [r] = evaluateDocument(scanDocument(example, 'markdown'));
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.output?.value, [
      [2, 0],
      [1, 2],
    ]);
  });

  it('is unclear with two matrices, or nothing selected', () => {
    const two = `$$${matrix('A', [[1]])}, ${matrix('B', [[2]])}$$ and text`;
    assert.deepEqual(target(two, two.slice(0, -9)), { kind: 'unclear', matrices: 2 });
    assert.deepEqual(target(two, 'text'), { kind: 'unclear', matrices: 0 });
  });
});

describe('crossAttentionExample', () => {
  for (const format of ['markdown', 'latex'] as const) {
    for (const language of ['en', 'zh-cn'] as const) {
      it(`evaluates, with l_q != l_k and no finding (${format}, ${language})`, () => {
        const text = crossAttentionExample(format, language);
        const scan = scanDocument(text, format);
        assert.deepEqual(diagnoseDocument(scan, { text, language }), []);
        const [r] = evaluateDocument(scan);
        assert.equal(r.kind, 'masked_scaled_dot_product');
        assert.deepEqual(r.errors, []);
        assert.deepEqual(Object.fromEntries(Object.entries(r.bindings).map(([s, b]) => [s, `${b.rows}x${b.cols}`])), {
          Q: '2x2',
          K: '3x2',
          V: '3x2',
          M: '2x3',
          d_k: '1x1',
        });
        // The padded third source token gets no weight.
        assert.deepEqual(
          r.steps.find((s) => s.name === 'weights')?.value.map((row) => row[2]),
          [0, 0],
        );
      });
    }
  }
});
