// Notation real authors use, each with the result it gives (computed with NumPy): decimal commas, comments in
// matrices, escaped delimiters, large negative masks, vectors given per token in a table, σ stated as the softmax
// (softmax-names.test.ts has the other features and the sentences) and a mask named with an accent.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { evaluateDocument } from '../../../src/core/attention/evaluate';
import { classifyRegion } from '../../../src/core/attention/formula-inputs';
import { fromRows } from '../../../src/core/attention/matrix';
import { diagnoseDocument } from '../../../src/core/diagnose/diagnose';
import { LineIndex } from '../../../src/core/document/positions';
import { scanDocument } from '../../../src/core/document/scan';
import { assertMatrixClose } from '../../support/approx';

const fixtures = join(__dirname, '../../fixtures/notation');

/** Every evaluation of a fixture, as `line: output`, and its findings. */
function read(name: string) {
  const text = readFileSync(join(fixtures, name), 'utf8');
  const scan = scanDocument(text, name.endsWith('.tex') ? 'latex' : 'markdown');
  const lines = new LineIndex(text);
  const positionAt = (o: number) => lines.positionAt(o);
  return {
    outputs: new Map(evaluateDocument(scan, { positionAt }).map((e) => [e.line, e.output?.value ?? e.errors])),
    findings: diagnoseDocument(scan, { text, positionAt }).map((f) => `${f.range.start.line + 1} ${f.code}`),
  };
}

function assertOutput(outputs: Map<number, unknown>, line: number, expected: number[][]): void {
  const value = outputs.get(line);
  assert.ok(Array.isArray(value) && Array.isArray(value[0]), `line ${line}: ${JSON.stringify(value)}`);
  assertMatrixClose(fromRows(value as number[][]), expected);
}

describe('notation real notes write', () => {
  it('decimal commas in matrix entries, 1{,}5', () => {
    const { outputs, findings } = read('scanner-gaps.md');
    assertOutput(outputs, 7, [
      [1.485633369546386, 0.5143666304536141],
      [0.8250419983207805, 1.1749580016792196],
    ]);
    assert.deepEqual(findings, []);
  });

  it('TeX comments inside a matrix', () => {
    const { outputs, findings } = read('comments-in-matrix.tex');
    assertOutput(outputs, 11, [
      [0.6088593650139138, -0.6088593650139138],
      [-0.6088593650139138, 0.6088593650139138],
    ]);
    assert.deepEqual(findings, []);
  });

  it('math delimiters escaped for Markdown, \\\\( \\\\) and \\\\[ \\\\]', () => {
    const { outputs, findings } = read('escaped-delimiters.md');
    assertOutput(outputs, 7, [
      [0.19557031749304313, 0.8044296825069569],
      [0.19557031749304313, 0.8044296825069569],
    ]);
    assert.deepEqual(findings, []);
  });

  it('masks of -10^{9}, -1e9, -\\text{inf} and -\\infty, a large finite negative kept apart from -∞', () => {
    const { outputs, findings } = read('mask-entries.md');
    const expected = [
      [1, 2],
      [2.3395230986533138, 3.3395230986533138],
    ];
    for (const line of [9, 15, 21, 27]) assertOutput(outputs, line, expected);
    // -10^{9} over a whole row shifts its logits alike: the softmax is that of the unmasked row, and no row is
    // fully masked. -∞ over a whole row is, and only that row is reported.
    assertOutput(outputs, 33, [
      [1.6604768803331504, 2.6604768803331504],
      [2.3395230986533138, 3.3395230986533138],
    ]);
    assertOutput(outputs, 39, [
      [0, 0],
      [2.3395230986533138, 3.3395230986533138],
    ]);
    assert.deepEqual(findings, ['37 AL008']);
  });

  it('a mask of -10^{9} in a note that also writes -\\text{inf}', () => {
    const { outputs, findings } = read('large-negative-masks.md');
    assertOutput(outputs, 9, [
      [1, 2],
      [2.3395230986533138, 3.3395230986533138],
    ]);
    assert.deepEqual(findings, []);
  });

  it('query, key and value vectors given per token in a table', () => {
    const { outputs, findings } = read('table-and-sigma.md');
    assertOutput(outputs, 8, [
      [2, 3],
      [2.3395230986533138, 3.3395230986533138],
    ]);
    assert.deepEqual(findings, []);
  });

  it('σ that the prose says is the softmax', () => {
    const text = readFileSync(join(fixtures, 'table-and-sigma.md'), 'utf8');
    const scan = scanDocument(text, 'markdown');
    assert.deepEqual(
      scan.regions.map((r, i) => `${r.range.start.line + 1} ${classifyRegion(scan, i).kind}`).slice(-3),
      ['8 scaled_dot_product', '10 none', '12 scaled_dot_product'],
    );
    const { outputs, findings } = read('sigma-softmax.md');
    assertOutput(outputs, 9, [
      [2, 3],
      [2.3395230986533138, 3.3395230986533138],
    ]);
    assert.deepEqual(findings, []);
  });

  it('a mask named with an accent, \\tilde{M}', () => {
    const { outputs, findings } = read('large-negative-masks.md');
    assertOutput(outputs, 15, [
      [1, 2],
      [2.3395230986533138, 3.3395230986533138],
    ]);
    assert.deepEqual(findings, []);
  });
});
