import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AttentionLensApi } from '../../src/extension';
import { testLog } from './console-marker';
import { extensionId, openFixture, waitFor } from './helpers';

suite('activation', () => {
  test('opening a Markdown note with math activates the extension, without error', async () => {
    const extension = vscode.extensions.getExtension<AttentionLensApi>(extensionId);
    assert.ok(extension, `${extensionId} is loaded`);
    await openFixture('cross-attention.md');
    // The first note also starts the extension host itself, which in the web worker can take longer than a feature.
    const api = await waitFor('activation', () => (extension.isActive ? extension.exports : undefined), 60_000);
    assert.equal(typeof api.activationMs, 'number');
    testLog(`activation time in the real extension host: ${api.activationMs.toFixed(2)} ms`);
  });

  test('every contributed command is registered', async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    const contributed: { command: string }[] = extension?.packageJSON.contributes.commands ?? [];
    assert.ok(contributed.length > 0);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.map((c) => c.command).filter((c) => !registered.has(c));
    assert.deepEqual(missing, []);
  });
});
