// The packaged extension, not the development folder: the .vsix installs into VS Code and activates there.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { root } from '../host/code-server';
import { withWorkbench } from '../host/e2e';

const vsix = join(root, 'dist', 'attention-lens.vsix');

before(() => {
  const packaged = spawnSync('npm', ['run', 'package'], { cwd: root, encoding: 'utf8' });
  assert.equal(packaged.status, 0, `npm run package failed:\n${packaged.stdout}${packaged.stderr}`);
  assert.ok(existsSync(vsix));
});

test('the .vsix installs into VS Code and activates on a Markdown note', async () => {
  await withWorkbench({ vsix }, async (wb) => {
    await wb.openFile('cross-attention.md');
    await wb.runCommand('Attention Lens: Show Log');
    await wb.waitForPanelText('activated in');
  });
});
