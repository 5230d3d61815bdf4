// The packaged extension, not the development folder: the .vsix installs into VS Code and activates there.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
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

/** What may ship: the manifest and its translations, the docs, the bundles without source maps, and media. */
const allowed = [
  /^package(\.nls(\.zh-cn)?)?\.json$/,
  /^(README|CHANGELOG)\.md$/,
  /^LICENSE$/,
  /^dist\/(node|node\/chunks|web|webview)\/[\w-]+\.js$/,
  /^dist\/webview\/[\w-]+\.css$/,
  /^dist\/webview\/fonts\/KaTeX_[\w-]+\.woff2$/,
  /^media\/(l10n|samples|walkthrough|screenshots)\/[\w.-]+$/,
];

test('the package holds only what runs, and stays under 3 MB', () => {
  const listed = spawnSync('npx', ['vsce', 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' });
  assert.equal(listed.status, 0, listed.stderr);
  const files = listed.stdout.split('\n').filter(Boolean);
  assert.ok(files.includes('dist/node/extension.js') && files.includes('dist/web/extension.js'));
  assert.deepEqual(
    files.filter((f) => !allowed.some((pattern) => pattern.test(f))),
    [],
  );
  assert.ok(statSync(vsix).size < 3 * 1024 * 1024, `${statSync(vsix).size} bytes`);
});

test('the .vsix installs into VS Code and activates on a Markdown note', async () => {
  await withWorkbench({ vsix }, async (wb) => {
    await wb.openFile('cross-attention.md');
    await wb.runCommand('Attention Lens: Show Log');
    await wb.waitForPanelText('activated in');
  });
});
