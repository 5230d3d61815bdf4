// The preview as a person uses it in the real workbench: opened beside a note from the palette, updated after a
// matrix is edited, in a light and a dark theme; the screenshots go to the README.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Frame } from 'playwright-core';
import { root } from '../harness/code-server';
import { type Workbench, withWorkbench } from '../harness/e2e';

/** Text of the worked example's output step, and the rows of its input matrices (`5 & 6`), as the webview shows them. */
async function example(frame: Frame): Promise<{ output: string; inputs: string[] }> {
  const block = frame.locator('.formula', { has: frame.locator('.example .steps') }).first();
  return {
    output: (await block.locator('[data-step="output"] table.matrix').textContent()) ?? '',
    inputs: await block
      .locator('.inputs table.matrix tr')
      .evaluateAll((rows) => rows.map((tr) => [...tr.children].map((td) => td.textContent).join(' & '))),
  };
}

async function goToLine(wb: Workbench, line: number): Promise<void> {
  await wb.page.keyboard.press('Control+G');
  await wb.page.keyboard.type(String(line));
  await wb.page.keyboard.press('Enter');
}

const succeeds = (p: Promise<unknown>) =>
  p.then(
    () => true,
    () => false,
  );

/** The theme setting is not always applied at startup here; choosing the theme in the palette is. */
async function useTheme(wb: Workbench, theme: 'light' | 'dark'): Promise<boolean> {
  const themed = wb.page.locator(`.monaco-workbench.${theme === 'dark' ? 'vs-dark' : 'vs'}`);
  if (await succeeds(themed.waitFor({ timeout: 5_000 }))) return true;
  await wb.runCommand('Preferences: Color Theme');
  const row = wb.page
    .locator('.quick-input-list .monaco-list-row', { hasText: theme === 'dark' ? 'Dark Modern' : 'Light Modern' })
    .first();
  if (await succeeds(row.waitFor({ timeout: 15_000 }))) await row.click();
  return succeeds(themed.waitFor({ timeout: 5_000 }));
}

for (const theme of ['light', 'dark'] as const) {
  test(`the preview opens beside a note and follows an edit of a matrix (${theme} theme)`, async (t) => {
    // The edit must not reach the fixture on disk: no auto-save, and it is undone at the end.
    const settings = { 'editor.wordWrap': 'off', 'editor.minimap.enabled': false, 'files.autoSave': 'off' };
    await withWorkbench({ theme, settings, viewport: { width: 1400, height: 900 } }, async (wb) => {
      if (!(await useTheme(wb, theme))) {
        t.skip(`the workbench did not switch to the ${theme} theme`);
        return;
      }
      await wb.openFile('preview-note.md');
      await wb.runCommand('Attention Lens: Open Preview to the Side');
      const frame = await wb.webviewFrame('.formula .example .steps .katex', 60_000);
      assert.equal(await frame.locator('.formula').count(), 5);
      assert.equal(await frame.locator('.formula.has-error .katex-error').count(), 1);
      assert.equal(await frame.locator('.heatmap td.weight').count(), 6);
      const before = await example(frame);

      // V's last row is `5 & 6`: its 6 (a token of its own) becomes a 9.
      const vLine = wb.page.locator('.monaco-editor .view-line', { hasText: /V\s=\s\\begin/ }).first();
      await vLine
        .locator('span > span', { hasText: /^\s*6\s*$/ })
        .last()
        .dblclick();
      await wb.page.keyboard.type('9');
      // Polled from here: the webview's CSP refuses the string evaluation `waitForFunction` would use.
      for (let tries = 0; (await example(frame)).output === before.output; tries++) {
        assert.ok(tries < 100, 'the preview shows the new output within 10 s');
        await wb.page.waitForTimeout(100);
      }
      const after = await example(frame);
      assert.notEqual(after.output, before.output);
      assert.ok(after.inputs.includes('5 & 9'), 'the edited V is shown');

      // The cursor on the attention formula highlights it in the preview.
      await goToLine(wb, 14);
      await frame.locator('.formula.current .example').waitFor();
      // The sidebar closed, so the note and its preview fill the picture.
      await wb.page.keyboard.press('Control+B');
      await wb.page.waitForTimeout(500);
      await wb.screenshot(join(root, 'media', 'screenshots', `preview-${theme}.png`));
      await wb.page.keyboard.press('Control+Z');
    });
  });
}
