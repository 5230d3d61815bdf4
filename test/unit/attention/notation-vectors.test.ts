// One token's query and key written as vectors, columns or a row (test/fixtures/notation/one-query-one-key.md):
// their length is d_k (a column of three numbers is not d_k = 1), and q_i^T k_j names its query first.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { classifyFormula } from '../../../src/core/attention/classify';
import { evaluateDocument } from '../../../src/core/attention/evaluate';
import { fromRows } from '../../../src/core/attention/matrix';
import { diagnoseDocument } from '../../../src/core/diagnose/diagnose';
import { LineIndex } from '../../../src/core/document/positions';
import { scanDocument } from '../../../src/core/document/scan';
import { assertMatrixClose } from '../../support/approx';

const text = readFileSync(join(__dirname, '../../fixtures/notation/one-query-one-key.md'), 'utf8');
const scan = scanDocument(text, 'markdown');
const lines = new LineIndex(text);
const positionAt = (o: number) => lines.positionAt(o);

describe('vectors of one token', () => {
  it('scales the score of two columns of three numbers by the root of 3, and a row query by the root of 2', () => {
    const [score, output] = evaluateDocument(scan, { maskedRows: 'zeros', positionAt });
    assert.deepEqual([score.line, score.errors, score.bindings.d_k], [7, [], { rows: 1, cols: 1, line: 5, value: 3 }]);
    assertMatrixClose(fromRows(score.output?.value ?? []), [[2 / Math.sqrt(3)]]);
    assert.deepEqual([output.line, output.errors, output.bindings.d_k?.value], [13, [], 2]);
    assertMatrixClose(fromRows(output.output?.value ?? []), [[1.6044483707191437, 0.7966637219606423]]);
    assert.deepEqual(diagnoseDocument(scan, { text, positionAt }), []);
  });

  it('reads q_i^T k_j with q_i as the query, and K^T Q with Q as the query', () => {
    const perPair = classifyFormula(
      '\\alpha_{ij} = \\mathrm{softmax}_j\\left(\\frac{q_i^\\top k_j}{\\sqrt{d_k}}\\right)',
    );
    assert.deepEqual([perPair.kind, perPair.roles.query, perPair.roles.key], ['scaled_dot_product', 'q_i', 'k_j']);
    const columns = classifyFormula('V\\,\\mathrm{softmax}(K^\\top Q/\\sqrt{d})');
    assert.deepEqual([columns.axis, columns.roles.query, columns.roles.key], ['columns', 'Q', 'K']);
  });
});
