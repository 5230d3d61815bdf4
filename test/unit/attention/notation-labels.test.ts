// A note whose formulas carry a label inside the math (`\mathrm{MQA}:`, `\text{(causal)}\quad`, `\textbf{Step 2:}~`,
// `\text{Causal}~`): each is classified and evaluated as the formula after its label (outputs computed with NumPy),
// with no finding; an upright word that is mathematics (`\mathrm{tr}\, A`) is no label.
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

const text = readFileSync(join(__dirname, '../../fixtures/notation/labels-before-formulas.md'), 'utf8');
const scan = scanDocument(text, 'markdown');
const lines = new LineIndex(text);
const positionAt = (o: number) => lines.positionAt(o);

describe('labels before formulas in a note', () => {
  it('classifies each formula after its label, and the lines of mathematics as none', () => {
    assert.deepEqual(
      scan.regions.map((r) => `${r.range.start.line + 1} ${classifyFormula(r.tex).kind}`),
      [
        '3 none',
        '5 none',
        '7 scaled_dot_product',
        '9 masked_scaled_dot_product',
        '11 scaled_dot_product',
        '13 masked_scaled_dot_product',
        '17 none',
      ],
    );
    assert.deepEqual(classifyFormula(scan.regions[3].tex).roles, { query: 'Q', key: 'K', value: 'V', mask: 'M' });
  });

  it('evaluates each, with every step, and finds nothing wrong', () => {
    const all = evaluateDocument(scan, { maskedRows: 'zeros', positionAt });
    assert.deepEqual(
      all.map((e) => [e.line, e.errors, e.steps.map((s) => s.name)]),
      [
        [7, [], ['logits', 'scaled', 'weights', 'output']],
        [9, [], ['logits', 'scaled', 'masked', 'weights', 'output']],
        [11, [], ['output']],
        [13, [], ['logits', 'scaled', 'masked', 'weights', 'output']],
      ],
    );
    const output = (line: number) => fromRows(all.find((e) => e.line === line)?.output?.value ?? []);
    assertMatrixClose(output(7), [
      [1.6044483707191437, 0.7966637219606423],
      [0.9960630803454961, 0.708020064525898],
      [1.1635791008120115, 0.49073730243603453],
    ]);
    assertMatrixClose(output(9), [
      [1, 0],
      [0.6697615493266569, 0.6604769013466862],
      [1.1635791008120115, 0.49073730243603453],
    ]);
    assertMatrixClose(output(11), [
      [0.7071067811865475, 0, 0.7071067811865475],
      [Math.SQRT2, 0.7071067811865475, 0],
      [2.1213203435596424, 0.7071067811865475, 0.7071067811865475],
    ]);
    assertMatrixClose(output(13), [
      [1, 0, 0],
      [0.6697615493266569, 0.3302384506733431, 0],
      [0.672841798375977, 0.16357910081201152, 0.16357910081201152],
    ]);
    assert.deepEqual(diagnoseDocument(scan, { text, positionAt }), []);
  });
});
