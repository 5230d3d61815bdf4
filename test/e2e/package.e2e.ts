// The packaged extension, not the development folder: the .vsix installs into VS Code and activates there.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { root } from '../harness/code-server';
import { withWorkbench } from '../harness/e2e';

const vsix = join(root, 'dist', 'attention-lens.vsix');

before(() => {
  const packaged = spawnSync('npm', ['run', 'package'], { cwd: root, encoding: 'utf8' });
  assert.equal(packaged.status, 0, `npm run package failed:\n${packaged.stdout}${packaged.stderr}`);
  assert.ok(existsSync(vsix));
});

/**
 * What may ship: the manifest and its translations, the docs, the bundles without source maps, the stylesheet of
 * VS Code's Markdown preview, the notebook renderer and its stylesheet, and media.
 */
const allowed = [
  /^package(\.nls(\.zh-cn)?)?\.json$/,
  /^(README|CHANGELOG)\.md$/,
  /^LICENSE$/,
  /^dist\/(node|node\/lazy|web|webview)\/[\w-]+\.js$/,
  /^dist\/webview\/[\w-]+\.css$/,
  /^dist\/markdown-it\.css$/,
  /^dist\/notebook-renderer\/renderer\.(js|css)$/,
  /^media\/(l10n|samples|walkthrough|screenshots)\/[\w.-]+$/,
];

// About 3.2 MB: most of it the web host's one bundle (KaTeX, MathJax and mathjs in a worker that loads no chunks)
// and the README's screenshots.
test('the package holds only what runs, and stays under 3.5 MB', () => {
  const listed = spawnSync('npx', ['vsce', 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' });
  assert.equal(listed.status, 0, listed.stderr);
  const files = listed.stdout.split('\n').filter(Boolean);
  assert.ok(files.includes('dist/node/extension.js') && files.includes('dist/web/extension.js'));
  assert.deepEqual(
    files.filter((f) => !allowed.some((pattern) => pattern.test(f))),
    [],
  );
  assert.ok(statSync(vsix).size < 3.5 * 1024 * 1024, `${statSync(vsix).size} bytes`);
});

test('the installed .vsix works on a note: hover, preview, evaluate', async () => {
  await withWorkbench({ vsix, settings: { 'files.autoSave': 'off' } }, async (wb) => {
    await wb.openFile('cross-attention.md');
    const hover = await wb.hover('mathrm{Attention}', 'attention');
    assert.match(hover, /queries, from the decoder/);

    await wb.runCommand('Attention Lens: Open Preview to the Side');
    const frame = await wb.webviewFrame('.formula .example .steps .katex', 60_000);
    assert.ok((await frame.locator('.heatmap td.weight').count()) > 0);

    // Select V alone (line 9) and evaluate it: one matrix is self-attention with Q = K = V = X, shown in the preview.
    await wb.page.keyboard.press('Escape');
    await wb.page
      .locator('.monaco-editor .view-lines')
      .first()
      .click({ position: { x: 5, y: 5 } });
    await wb.page.keyboard.press('Control+G');
    await wb.page.keyboard.type('9');
    await wb.page.keyboard.press('Enter');
    await wb.page.keyboard.press('Home');
    await wb.page.keyboard.press('Shift+End');
    await wb.runCommand('Attention Lens: Evaluate Selection');
    await wb.page.locator('.tab', { hasText: 'Selection 1.md' }).first().waitFor();
    const selection = await wb.webviewFrame('.formula .example [data-step="output"] .katex', 60_000);
    assert.match((await selection.locator('.formula .example').first().textContent()) ?? '', /3 × 2/);

    await wb.runCommand('Attention Lens: Show Log');
    await wb.waitForPanelText('activated in');
  });
});
