// A diagnostic and its quick fix as a person meets them: the squiggle under a scale by a sequence length, the
// light bulb menu, and the fix applied to the note; the screenshot goes to the README.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { root } from '../harness/code-server';
import { withWorkbench } from '../harness/e2e';

test('a wrong scale is flagged, and its quick fix rewrites it to sqrt(d_k)', async () => {
  await withWorkbench(
    { theme: 'dark', viewport: { width: 1280, height: 800 }, settings: { 'files.autoSave': 'off' } },
    async (wb) => {
      await wb.page.locator('.monaco-workbench.vs-dark').waitFor();
      await wb.openFile('diagnostics-mistakes.md');
      await wb.page.locator('.squiggly-warning, .squiggly-error').first().waitFor();
      // Put the cursor on `\sqrt{n}` (line 8) and ask for the quick fixes, as Ctrl+. does; by keyboard, so that no
      // hover opens over the text. A menu asked for while diagnostics are still arriving can lack them: ask again.
      const fix = wb.page.locator('.action-widget .monaco-list-row', { hasText: 'Replace \\sqrt{n} by \\sqrt{d_k}' });
      for (let attempt = 1; ; attempt++) {
        await wb.goToLine(8, 40);
        await wb.page.keyboard.press('Control+.');
        try {
          await fix.waitFor({ timeout: 10_000 });
          break;
        } catch (err) {
          if (attempt === 3) throw err;
          await wb.page.keyboard.press('Escape');
        }
      }
      await wb.screenshot(join(root, 'media', 'screenshots', 'quick-fix-dark.png'));
      await wb.page.keyboard.press('Enter');
      await wb.page
        .locator('.monaco-editor .view-line', { hasText: '\\frac{QK^\\top}{\\sqrt{d_k}} + M' })
        .first()
        .waitFor();
      assert.equal(await wb.page.locator('.monaco-editor .view-line', { hasText: '\\sqrt{n}' }).count(), 0);
    },
  );
});
