// Inputs written two more ways real notes write them: as Markdown tables (named by their columns or by the line
// before them, with row labels passed over), and as matrices named with an accent (`\hat{Q}`, `\tilde{M}`), tied to
// the formulas that use them by the name as written. Outputs computed independently with NumPy; no findings.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scanDocument } from '../../../src/core/document/scan';
import { tableMatricesOf } from '../../../src/core/document/table-matrices';
import { explanationToMarkdown } from '../../../src/core/explain/explain-markdown';
import { explainText, offsetOf } from '../../support/explain-at';
import { assertOutput, readNotation } from '../../support/notation-fixture';

describe('inputs given in Markdown tables', () => {
  it('reads tables named by their columns or the line before them, and leaves the others alone', () => {
    const { scan, outputs, findings } = readNotation('tables-of-inputs.md');
    assert.deepEqual(
      tableMatricesOf(scan).map((m) => [m.name, m.range.start.line + 1, m.range.end.line + 1, m.values]),
      [
        [
          'Q',
          5,
          9,
          [
            [1, 0],
            [0, 1],
            [1, 1],
          ],
        ],
        [
          'K',
          5,
          9,
          [
            [1, 1],
            [0, 1],
            [2, 0],
          ],
        ],
        [
          'V',
          5,
          9,
          [
            [2, 0],
            [0, 4],
            [1, 1],
          ],
        ],
        [
          'Q',
          17,
          20,
          [
            [0.5, -1],
            [2, 0],
          ],
        ],
        [
          'K',
          24,
          28,
          [
            [1, 0],
            [0, 1],
            [1, 1],
          ],
        ],
        [
          'V',
          32,
          36,
          [
            [1, 2],
            [0, 1],
            [3, -1],
          ],
        ],
        [
          'M',
          40,
          43,
          [
            [0, Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY],
            [0, 0, Number.NEGATIVE_INFINITY],
          ],
        ],
      ],
    );
    assertOutput(outputs, 11, [
      [1.1439661646978818, 1.136092325388874],
      [1, 1.802224185359572],
      [1.2033362780393577, 1.1922153512414988],
    ]);
    const masked = [
      [1, 2],
      [0.8044296825069569, 1.804429682506957],
    ];
    assertOutput(outputs, 45, masked);
    // The tables between name nothing: scores of pairs, an operand, two names, words, a table in code.
    assertOutput(outputs, 82, masked);
    assert.deepEqual(findings, []);
  });

  it('reads X and the weights from tables for the projections, with captions in Chinese', () => {
    const { scan, outputs, findings } = readNotation('tables-of-weights.md');
    assert.deepEqual(
      tableMatricesOf(scan).map((m) => `${m.name} ${m.rows}×${m.cols}`),
      ['X 3×3', 'W_Q 3×2', 'W_K 3×2', 'W_V 3×2'],
    );
    assertOutput(outputs, 36, [
      [0.9930203130308924, 0.8758724608711385],
      [1.7832330964304126, 0.7770958629461984],
      [1.3333333333333333, 0.8333333333333333],
    ]);
    assert.deepEqual(findings, []);
  });

  it('reads nothing from tables it cannot be sure of, and stays safe on hostile ones', () => {
    const tables = (text: string) => tableMatricesOf(scanDocument(text, 'markdown')).map((m) => m.name);
    const grid = (rows: number, cols: number) =>
      `${'| c '.repeat(cols)}|\n${'| --- '.repeat(cols)}|\n${`${'| 1 '.repeat(cols)}|\n`.repeat(rows)}`;
    // A header of 0, 1 could be column indices or the first row.
    assert.deepEqual(tables('Q:\n\n| 0 | 1 |\n| --- | --- |\n| 1 | 0 |\n'), []);
    assert.deepEqual(tables('Q:\n\n| 2 | 0 |\n| --- | --- |\n| 0 | 1 |\n'), ['Q']);
    // The caption and the columns disagree; a percentage; a cell of markup; a row short of a cell.
    assert.deepEqual(tables('K:\n\n| | q1 | q2 |\n| --- | --- | --- |\n| a | 1 | 2 |\n'), []);
    assert.deepEqual(tables('Q:\n\n| a | b |\n| --- | --- |\n| 50% | 2 |\n'), []);
    assert.deepEqual(tables('Q:\n\n| a | b |\n| --- | --- |\n| <script>alert(1)</script> | 2 |\n'), []);
    assert.deepEqual(tables('Q:\n\n| a | b |\n| --- | --- |\n| 1 |\n'), []);
    // Ten thousand rows are read; more cells than a worked example needs are not.
    assert.deepEqual(
      tableMatricesOf(scanDocument(`Q:\n\n${grid(10_000, 3)}`, 'markdown')).map((m) => [m.name, m.rows, m.cols]),
      [['Q', 10_000, 3]],
    );
    assert.deepEqual(tables(`Q:\n\n${grid(100_000, 3)}`), []);
    assert.deepEqual(tables(`${'| --- |\n'.repeat(10_000)}${'|'.repeat(100_000)}\n`), []);
    // A line of 50,000 formulas before a table is a paragraph, not its name.
    assert.deepEqual(tables(`${'$x$ '.repeat(50_000)}Q:\n\n${grid(2, 2)}`), []);
  });
});

describe('matrices named with an accent', () => {
  it('ties \\hat{Q}, \\bar{K}, \\widetilde{V} and \\tilde{M} to the formulas using them, apart from Q, K and V', () => {
    const { outputs, findings } = readNotation('accented-names.md');
    assertOutput(outputs, 11, [
      [1, -1],
      [0.3302384506733431, 1.6790461973066275],
      [0.6697615493266569, 0.3209538026933725],
    ]);
    assertOutput(outputs, 17, [[6.339523098653314, 7.339523098653314]]);
    assertOutput(outputs, 19, [
      [0.6697615493266569, 0.3209538026933725],
      [0.3302384506733431, 1.6790461973066275],
      [0.5, 1],
    ]);
    assert.deepEqual(findings, []);
  });

  it('explains them by the names as written, with their shapes', () => {
    const { text } = readNotation('accented-names.md');
    const formula = explainText(text, offsetOf(text, '$$\\mathrm{softmax}'));
    assert.ok(formula?.type === 'formula');
    assert.deepEqual(
      formula.inputs.map((i) => [i.symbol, i.role, 'numeric' in i.shape ? i.shape.numeric : null]),
      [
        ['\\hat{Q}', 'query', [3, 2]],
        ['\\bar{K}', 'key', [2, 2]],
        ['\\widetilde{V}', 'value', [2, 2]],
        ['\\tilde{M}', 'mask', [3, 2]],
      ],
    );
    const literal = explainText(text, offsetOf(text, '\\begin{bmatrix} 0 & -\\infty'));
    assert.equal(
      explanationToMarkdown(literal as NonNullable<typeof literal>, 'en'),
      '**\\\\tilde\\{M\\}** — matrix 3 × 2 (bmatrix)\n',
    );
  });
});
