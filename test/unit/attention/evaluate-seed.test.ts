// The formula of the document the project was conceived from, evaluated on a small example: the seed Q&A page
// from the corpus, read as it is, with matrices for Q, K, V and M added after it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { attention } from '../../../src/core/attention/attention';
import { evaluateDocument } from '../../../src/core/attention/evaluate';
import { fromRows } from '../../../src/core/attention/matrix';
import { scanDocument } from '../../../src/core/document/scan';
import { assertSameMatrix } from '../../support/approx';
import { corpusFiles, corpusSkipReason } from '../../support/corpus';

const EXAMPLE = String.raw`

$$Q = \begin{bmatrix} 1 & 0 \\ 0 & 1 \end{bmatrix}, \quad K = \begin{bmatrix} 1 & 0 \\ 0 & 1 \\ 1 & 1 \end{bmatrix}, \quad V = \begin{bmatrix} 1 & 2 \\ 3 & 4 \\ 5 & 6 \end{bmatrix}$$

$$M = \begin{bmatrix} 0 & -\infty & 0 \\ 0 & 0 & 0 \end{bmatrix}$$
`;

describe('the seed formula', () => {
  const seed = corpusFiles()?.find((f) => f.name.startsWith('000_'));
  it('evaluates on a small example, binding d_k through the shape the page declares', {
    skip: seed ? false : corpusSkipReason,
  }, () => {
    const text = (seed?.text ?? '') + EXAMPLE;
    const results = evaluateDocument(scanDocument(text, 'markdown'));
    assert.equal(results.length, 1);
    const [r] = results;
    assert.equal(r.kind, 'masked_scaled_dot_product');
    assert.deepEqual(r.errors, []);
    // The page declares Q in R^{l_q x d_k} on line 4, so d_k is Q's column count.
    assert.deepEqual(r.bindings.d_k, { rows: 1, cols: 1, line: 4, value: 2 });
    assert.deepEqual(Object.keys(r.bindings).sort(), ['K', 'M', 'Q', 'V', 'd_k']);
    const core = attention({
      Q: fromRows([
        [1, 0],
        [0, 1],
      ]),
      K: fromRows([
        [1, 0],
        [0, 1],
        [1, 1],
      ]),
      V: fromRows([
        [1, 2],
        [3, 4],
        [5, 6],
      ]),
      mask: {
        kind: 'additive',
        values: fromRows([
          [0, Number.NEGATIVE_INFINITY, 0],
          [0, 0, 0],
        ]),
      },
    });
    assertSameMatrix(fromRows(r.output?.value ?? []), core.output, 1e-12);
    assert.deepEqual(r.output?.value[0], [3, 4]);
    assert.ok(r.check?.agrees);
  });
});
