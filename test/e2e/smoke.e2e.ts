// The extension as a person meets it: a note opens in the real workbench and the palette runs our commands.
import { test } from 'node:test';
import { withWorkbench } from '../harness/e2e';

test('opening a note activates the extension, and "Show Log" shows its activation', async () => {
  await withWorkbench({}, async (wb) => {
    await wb.openFile('cross-attention.md');
    await wb.runCommand('Attention Lens: Show Log');
    await wb.waitForPanelText('activated in');
  });
});
