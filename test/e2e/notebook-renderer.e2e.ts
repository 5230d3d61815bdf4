// Jupyter notebooks in the workbench: a rendered Markdown cell shows the worked example of its formula, whose Q, K,
// V and d_k a code cell above assigns, beside markdown-math's rendering of the cell; an edit of the code cell
// changes it; two cells with the same formula each show their own; the setting turns it off. Playwright's locators
// reach into the cells' shadow roots. The README's notebook picture comes from here.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Frame } from 'playwright-core';
import { root } from '../harness/code-server';
import { assertInert, withWorkbench } from '../harness/e2e';

const EXAMPLE = '.attention-lens .example';
const NOTEBOOK = 'notebooks/code-defined.ipynb';

const outputCells = (frame: Frame) =>
  frame.locator(`${EXAMPLE} [data-step="output"] table.matrix td`).allTextContents();

test('a rendered Markdown cell shows the worked example of the matrices a code cell assigns, and follows an edit', async () => {
  const settings = { 'files.autoSave': 'off', 'editor.autoClosingBrackets': 'never', 'editor.autoIndent': 'none' };
  await withWorkbench({ settings }, async (wb) => {
    await wb.openFile(NOTEBOOK);
    const frame = await wb.webviewFrame(`${EXAMPLE} [data-step="output"] .katex`, 60_000);
    // The cell's own formula is still typeset by markdown-math, and the example follows it in the same cell.
    const cell = frame.locator('.preview', { has: frame.locator(EXAMPLE) });
    assert.equal(await cell.count(), 1);
    assert.ok((await cell.locator('.katex').count()) > (await cell.locator(`${EXAMPLE} .katex`).count()));
    const above = await frame.locator('.attention-lens').evaluate((n) => n.previousElementSibling?.className ?? '');
    assert.match(above, /katex/);
    assert.deepEqual(await frame.locator(`${EXAMPLE} .input .katex-mathml annotation`).allTextContents(), [
      'Q =',
      'K =',
      'V =',
    ]);
    assert.deepEqual(await outputCells(frame), ['3', '4', '3.4067', '4.4067']);
    assert.equal(await frame.locator(`${EXAMPLE} .heatmap td.weight`).count(), 6);
    // The notebook renderer's rule for every div of a cell (full width) does not stack the inputs.
    const inputs = await frame
      .locator(`${EXAMPLE} .input`)
      .evaluateAll((nodes) =>
        nodes.map((n) =>
          Math.round((n as unknown as { getBoundingClientRect(): { top: number } }).getBoundingClientRect().top),
        ),
      );
    assert.equal(new Set(inputs).size, 1, `the three inputs side by side, at tops ${inputs.join(', ')}`);
    await assertInert(frame, EXAMPLE);
    await frame.locator(EXAMPLE).first().scrollIntoViewIfNeeded();
    await wb.screenshot(join(root, 'media', 'screenshots', 'notebook-light.png'));

    // A new V after `d_k = 2` in the code cell: its first row becomes [7, 2].
    await wb.page.locator('.notebook-editor .monaco-editor .view-line', { hasText: 'd_k = 2' }).click();
    await wb.page.keyboard.press('End');
    await wb.page.keyboard.press('Enter');
    await wb.page.keyboard.type('V = np.array([[7.0, 2.0], [3.0, 4.0], [5.0, 6.0]])');
    // While the cell is rendered again it may show no example for a moment: wait for the new one.
    let shown = await outputCells(frame);
    for (let tries = 0; shown.length === 0 || shown[0] === '3'; tries++) {
      assert.ok(tries < 300, 'the rendered cell shows the new output within 30 s');
      await wb.page.waitForTimeout(100);
      shown = await outputCells(frame);
    }
    // 0.4011 · 7 + 0.1978 · 3 + 0.4011 · 5 and 0.1978 · 7 + 0.4011 · 3 + 0.4011 · 5
    assert.deepEqual(shown, ['5.4067', '4', '4.5933', '4.4067']);
  });
});

test('two Markdown cells with the same formula each show the example of the V assigned above them', async () => {
  await withWorkbench({}, async (wb) => {
    await wb.openFile('notebooks/same-formula.ipynb');
    const frame = await wb.webviewFrame(`${EXAMPLE} [data-step="output"] .katex`, 60_000);
    type Node = {
      shadowRoot: Node | null;
      textContent: string | null;
      getBoundingClientRect(): { top: number };
      querySelectorAll(selector: string): Iterable<Node>;
    };
    /** The output of the example in each cell that shows one, from the top of the notebook down. */
    const shown = () =>
      frame.locator('.preview', { has: frame.locator(EXAMPLE) }).evaluateAll((nodes) =>
        (nodes as unknown as Node[])
          .map((n) => ({
            top: n.getBoundingClientRect().top,
            cells: [...(n.shadowRoot ?? n).querySelectorAll('[data-step="output"] table.matrix td')].map(
              (td) => td.textContent,
            ),
          }))
          .sort((a, b) => a.top - b.top)
          .map((c) => c.cells),
      );
    let outputs = await shown();
    for (let tries = 0; outputs.length < 2; tries++) {
      assert.ok(tries < 300, 'both cells show an example within 30 s');
      await wb.page.waitForTimeout(100);
      outputs = await shown();
    }
    assert.deepEqual(outputs, [
      ['3', '4', '3.4067', '4.4067'],
      ['5.4067', '4', '4.5933', '4.4067'],
    ]);
  });
});

test('with attentionLens.notebook.workedExamples off the cell is rendered without the example', async () => {
  await withWorkbench({ settings: { 'attentionLens.notebook.workedExamples': false } }, async (wb) => {
    await wb.openFile(NOTEBOOK);
    const frame = await wb.webviewFrame('.preview .katex', 60_000);
    // Long enough for the renderer to have asked the extension host and been answered.
    await wb.page.waitForTimeout(3000);
    assert.equal(await frame.locator('.attention-lens').count(), 0);
    assert.ok((await frame.locator('.preview .katex').count()) > 0);
  });
});
