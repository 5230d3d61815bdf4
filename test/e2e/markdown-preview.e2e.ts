// VS Code's own Markdown preview with the extension installed: under the attention formula the worked example
// appears beside markdown-math's rendering, follows an edit of the note, and stands alone when math is off.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { root } from '../harness/code-server';
import { assertInert, withWorkbench } from '../harness/e2e';

const EXAMPLE = '.attention-lens .example';

test('the built-in Markdown preview shows the worked example under the formula and follows an edit', async () => {
  const settings = { 'files.autoSave': 'off', 'attentionLens.precision': 2 };
  await withWorkbench({ settings }, async (wb) => {
    await wb.openFile('cross-attention.md');
    await wb.runCommand('Markdown: Open Preview to the Side');
    const frame = await wb.webviewFrame(`${EXAMPLE} [data-step="output"] .katex`, 60_000);
    // markdown-math still renders the note's own formulas; the example comes after the attention formula.
    assert.ok((await frame.locator('.katex').count()) > (await frame.locator(`${EXAMPLE} .katex`).count()));
    const above = await frame.locator('.attention-lens').evaluate((n) => n.previousElementSibling?.textContent ?? '');
    assert.match(above, /Attention/);
    assert.equal(await frame.locator(`${EXAMPLE} .heatmap td.weight`).count(), 6);
    // attentionLens.precision applies: 0.4011 is shown as 0.4.
    assert.equal(await frame.locator(`${EXAMPLE} .heatmap td.weight`).first().textContent(), '0.4');
    await assertInert(frame, EXAMPLE);
    // For a person to look at (test-results/ is not committed): the example beside the note.
    await frame.locator(EXAMPLE).first().scrollIntoViewIfNeeded();
    await wb.screenshot(join(root, 'test-results', 'markdown-preview-light.png'));
    const output = () => frame.locator(`${EXAMPLE} [data-step="output"] table.matrix`).textContent();
    const before = await output();

    // V's first entry (line 9, after `V = \begin{bmatrix} `) becomes a 7.
    // The preview has the focus: the note's editor is brought back first.
    await wb.page.locator('.monaco-editor .view-lines').first().click();
    await wb.goToLine(9, 21);
    await wb.page.keyboard.press('Delete');
    await wb.page.keyboard.type('7');
    for (let tries = 0; (await output()) === before; tries++) {
      assert.ok(tries < 300, 'the preview shows the new output within 30 s');
      await wb.page.waitForTimeout(100);
    }
    await wb.page.keyboard.press('Control+Z');
  });
});

test('with markdown.math.enabled off the example still shows, its matrices as tables', async () => {
  await withWorkbench({ settings: { 'markdown.math.enabled': false } }, async (wb) => {
    await wb.openFile('cross-attention.md');
    await wb.runCommand('Markdown: Open Preview to the Side');
    const frame = await wb.webviewFrame(`${EXAMPLE} [data-step="output"] table.matrix`, 60_000);
    assert.equal(await frame.locator('.katex').count(), 0);
    assert.deepEqual(await frame.locator(`${EXAMPLE} [data-step="output"] table.matrix td`).allTextContents(), [
      '3',
      '4',
      '3.4067',
      '4.4067',
    ]);
    assert.equal(await frame.locator(`${EXAMPLE} .heatmap td.weight`).count(), 6);
    await assertInert(frame, EXAMPLE);
  });
});
