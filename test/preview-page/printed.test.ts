// Printed values in the preview page in real Chromium: each marked under its formula as agreeing or differing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { projectionNote, RIGHT, WRONG } from '../support/projection-note';
import { documentMessage } from './messages';
import { suitePage } from './preview-page';

const NOTE = `${projectionNote(WRONG)}\n$$K = X W_Q = ${RIGHT}$$\n`;

describe('printed values in the preview', () => {
  const preview = suitePage();

  it('marks each printed value as agreeing or differing, with what it was checked against', async () => {
    const message = documentMessage(NOTE);
    assert.deepEqual(
      message.formulas.map((f) => f.printed.map((p) => p.agrees)),
      [[], [false], [true]],
    );
    await preview().exchange(message, 'rendered');
    const marks = await preview()
      .page.locator('.formula .printed li')
      .evaluateAll((items) => items.map((li) => [li.className, li.textContent]));
    assert.deepEqual(marks, [
      ['differs', '✗ Checked against X W_Q with X from line 3, W_Q from line 3: entry (3, 2) is printed 4 but is 3.'],
      [
        'agrees',
        '✓ Checked against X W_Q with X from line 3, W_Q from line 3: it agrees at the precision printed (0 decimal places).',
      ],
    ]);
    // A formula without printed values shows no list.
    const first = message.formulas[0].id;
    assert.equal(await preview().page.locator(`[data-id="${first}"] > .printed`).isHidden(), true);
  });

  it('an update that corrects the value turns its mark to agreeing', async () => {
    await preview().exchange(documentMessage(NOTE, { version: 1 }), 'rendered');
    const fixed = documentMessage(NOTE.replace(WRONG, RIGHT), { version: 2 });
    const { macros, layout, formulas, notice } = fixed;
    await preview().exchange({ type: 'update', version: 2, macros, layout, formulas, notice }, 'rendered');
    const classes = await preview()
      .page.locator('.formula .printed li')
      .evaluateAll((items) => items.map((li) => li.className));
    assert.deepEqual(classes, ['agrees', 'agrees']);
    const inspection = await preview().exchange({ type: 'inspect', requestId: 1 }, 'inspection');
    assert.deepEqual(
      inspection.formulas.map((f) => f.printed.length),
      [0, 1, 1],
    );
    assert.match(inspection.formulas[1].printed[0], /^agrees: ✓ Checked against X W_Q/);
    assert.deepEqual(preview().errors, []);
  });
});
