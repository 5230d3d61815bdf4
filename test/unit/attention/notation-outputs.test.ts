// Notation real authors use, each with the result it gives (computed with NumPy): decimal commas, comments in
// matrices, escaped delimiters, large negative masks, vectors given per token in a table, σ stated as the softmax
// (softmax-names.test.ts has the other features and the sentences) and a mask named with an accent.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyRegion } from '../../../src/core/attention/formula-inputs';
import { assertOutput, readNotation } from '../../support/notation-fixture';

describe('notation real notes write', () => {
  it('decimal commas in matrix entries, 1{,}5', () => {
    const { outputs, findings } = readNotation('scanner-gaps.md');
    assertOutput(outputs, 7, [
      [1.485633369546386, 0.5143666304536141],
      [0.8250419983207805, 1.1749580016792196],
    ]);
    assert.deepEqual(findings, []);
  });

  it('TeX comments inside a matrix', () => {
    const { outputs, findings } = readNotation('comments-in-matrix.tex');
    assertOutput(outputs, 11, [
      [0.6088593650139138, -0.6088593650139138],
      [-0.6088593650139138, 0.6088593650139138],
    ]);
    assert.deepEqual(findings, []);
  });

  it('math delimiters escaped for Markdown, \\\\( \\\\) and \\\\[ \\\\]', () => {
    const { outputs, findings } = readNotation('escaped-delimiters.md');
    assertOutput(outputs, 7, [
      [0.19557031749304313, 0.8044296825069569],
      [0.19557031749304313, 0.8044296825069569],
    ]);
    assert.deepEqual(findings, []);
  });

  it('masks of -10^{9}, -1e9, -\\text{inf} and -\\infty, a large finite negative kept apart from -∞', () => {
    const { outputs, findings } = readNotation('mask-entries.md');
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
    const { outputs, findings } = readNotation('large-negative-masks.md');
    assertOutput(outputs, 9, [
      [1, 2],
      [2.3395230986533138, 3.3395230986533138],
    ]);
    assert.deepEqual(findings, []);
  });

  it('query, key and value vectors given per token in a table', () => {
    const { outputs, findings } = readNotation('table-and-sigma.md');
    assertOutput(outputs, 8, [
      [2, 3],
      [2.3395230986533138, 3.3395230986533138],
    ]);
    assert.deepEqual(findings, []);
  });

  it('σ that the prose says is the softmax', () => {
    const { scan } = readNotation('table-and-sigma.md');
    assert.deepEqual(
      scan.regions.map((r, i) => `${r.range.start.line + 1} ${classifyRegion(scan, i).kind}`).slice(-3),
      ['8 scaled_dot_product', '10 none', '12 scaled_dot_product'],
    );
    const { outputs, findings } = readNotation('sigma-softmax.md');
    assertOutput(outputs, 9, [
      [2, 3],
      [2.3395230986533138, 3.3395230986533138],
    ]);
    assert.deepEqual(findings, []);
  });

  it('a mask named with an accent, \\tilde{M}', () => {
    const { outputs, findings } = readNotation('large-negative-masks.md');
    assertOutput(outputs, 15, [
      [1, 2],
      [2.3395230986533138, 3.3395230986533138],
    ]);
    assert.deepEqual(findings, []);
  });
});
