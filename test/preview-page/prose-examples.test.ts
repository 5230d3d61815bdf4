// An example the prose names without a formula, in the preview page in real Chromium: the standard formula it
// stands for, typeset, and its worked example marked as evaluated from the words.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { documentMessage } from './messages';
import { suitePage } from './preview-page';

const note = readFileSync(new URL('../fixtures/workspace/prose-example.md', import.meta.url), 'utf8');

describe('examples the prose names, in the preview', () => {
  const preview = suitePage();

  it('are shown as a formula block with the worked example, marked as evaluated from the words', async () => {
    const message = documentMessage(note);
    const rendered = await preview().exchange(message, 'rendered');
    assert.deepEqual(rendered.errors, []);
    const words = await preview()
      .page.locator('.formula .example .from-words')
      .evaluateAll((items) => items.map((p) => p.textContent));
    assert.deepEqual(words, [
      'Evaluated from the words “scaled dot-product”: the note writes no formula, so the matrices after them are its inputs.',
      'Evaluated from the words “缩放点积”: the note writes no formula, so the matrices after them are its inputs.',
    ]);
    const inspection = await preview().exchange({ type: 'inspect', requestId: 1 }, 'inspection');
    const first = inspection.formulas.find((f) => f.id.startsWith('w'));
    assert.match(first?.example ?? '', /^Evaluated from the words “scaled dot-product”.*Output/);
    // Its inputs show their lines in the note when clicked.
    const lines = await preview()
      .page.locator(`[data-id="${first?.id}"] .input[data-line]`)
      .evaluateAll((items) => items.map((i) => (i as HTMLElement).dataset.line));
    assert.deepEqual(lines, ['5', '6', '7']);
    assert.deepEqual(preview().errors, []);
  });
});
