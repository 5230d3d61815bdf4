import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateExample, evaluateSelection } from '../../../src/core/attention/evaluate-selection';
import { proseExamples } from '../../../src/core/attention/selection-example';
import { scanDocument } from '../../../src/core/document/scan';

const bmatrix = (rows: number[][]) =>
  `\\begin{bmatrix} ${rows.map((r) => r.join(' & ')).join(' \\\\ ')} \\end{bmatrix}`;
const I = bmatrix([
  [1, 0],
  [0, 1],
]);

describe('examples the prose names', () => {
  it('are the matrices after "scaled dot-product attention" up to the next heading, in English and Chinese', () => {
    const text = `# One\n\nWe compute scaled dot-product attention on\n\n$$X = ${I}$$\n\n# Two\n\n$$Y = ${I}$$\n\n缩放点积注意力：\n\n$$Q = ${I}, K = ${I}, V = ${I}$$\n`;
    const scan = scanDocument(text, 'markdown');
    const examples = proseExamples(scan, text);
    assert.deepEqual(
      examples.map((e) => [text.slice(e.startOffset, e.endOffset), Object.keys(e.target.inputs)]),
      [
        ['scaled dot-product', ['X']],
        ['缩放点积', ['Q', 'K', 'V']],
      ],
    );
    const r = evaluateExample(examples[1].target);
    assert.equal(r.line, 13);
    assert.deepEqual(r.errors, []);
    assert.equal(r.output?.rows, 2);
  });

  it('are not offered where an attention formula already stands, or no matrix follows', () => {
    const formula = '$$\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right)V$$';
    for (const text of [
      `Scaled dot-product attention:\n\n$$Q = ${I}$$\n\n${formula}\n`,
      'Scaled dot-product attention is defined below.\n\n# Next\n\n$$X = [[1]]$$\n',
      'In `scaled dot-product attention` $x$.\n',
    ])
      assert.deepEqual(proseExamples(scanDocument(text, 'markdown'), text), []);
  });

  it('evaluateSelection says when two matrices cannot be told apart', () => {
    const text = `$$A = ${I}, B = ${I}$$\n`;
    assert.deepEqual(evaluateSelection(scanDocument(text, 'markdown'), text, 0, text.length), {
      kind: 'unclear',
      matrices: 2,
    });
  });
});
