// The checks of a large note cost the host's thread what an edit costs, not what the note holds: counted through
// the extension's API, never timed. In the Node host they run in a worker thread; in the web-worker host, on the
// host's thread in slices.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AttentionLensApi } from '../../src/extension';
import type { CheckCounts } from '../../src/lazy/checker';
import { extensionId, waitFor } from './helpers';

const FORMULAS = 4000;
const block = (i: number) =>
  `Step ${i}: with $d_k = 2$ the scores of $Q$ and $K$ are $$S_{${i}} = \\frac{QK^\\top}{\\sqrt{d_k}}$$\n\n`;
const mistake = '$$\\mathrm{softmax}\\left(\\frac{QK}{\\sqrt{d_k}}\\right)V$$\n';

const inWebWorker = typeof (globalThis as { importScripts?: unknown }).importScripts === 'function';

async function counts(api: AttentionLensApi): Promise<CheckCounts> {
  const c = await api.checkCounts?.();
  assert.ok(c, 'the extension reports what its checks cost');
  return c;
}

suite('note checks', () => {
  teardown(() => vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor'));

  test('a one-character edit of a large note is checked again without the host re-checking the note', async function () {
    this.timeout(240_000);
    const extension = vscode.extensions.getExtension<AttentionLensApi>(extensionId);
    assert.ok(extension);
    const api = extension.isActive ? extension.exports : await extension.activate();
    const content = Array.from({ length: FORMULAS }, (_, i) => block(i)).join('') + mistake;
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content });
    const editor = await vscode.window.showTextDocument(document);
    const last = document.lineCount - 2;
    const mistakeAt = (line: number) => () =>
      vscode.languages.getDiagnostics(document.uri).some((d) => d.code === 'AL004' && d.range.start.line === line)
        ? true
        : undefined;
    await waitFor('the mistake at the end of the note', mistakeAt(last), 180_000);

    const before = await counts(api);
    // One new line in the middle: the mistake moves one line down once the edited text has been checked.
    const middle = new vscode.Position(Math.floor(last / 2), 0);
    assert.ok(await editor.edit((edit) => edit.insert(middle, '\n')));
    await waitFor('the mistake one line further down', mistakeAt(last + 1), 180_000);
    const after = await counts(api);

    if (inWebWorker) {
      // No worker here: the host's thread checks the note, in many short tasks rather than one long one.
      const steps = after.hostSteps - before.hostSteps;
      const slices = after.hostSlices - before.hostSlices;
      assert.ok(steps > FORMULAS, `${steps} steps for the ${FORMULAS} formulas`);
      assert.ok(slices > 1, `the checks ran in ${slices} tasks`);
      assert.ok(after.longestSlice < steps, `at most ${after.longestSlice} of ${steps} steps in one task`);
    } else {
      // The host's thread checked no formula; the worker checked the new text once, scanned again around the edit,
      // and was posted the note whole once, then only the edit.
      assert.equal(after.hostSteps - before.hostSteps, 0);
      assert.equal(after.workerRuns - before.workerRuns, 1);
      assert.equal(after.workerRescans - before.workerRescans, 1, 'the worker scanned the note again around the edit');
      assert.ok(before.postedCharacters >= content.length, `${before.postedCharacters} characters posted first`);
      assert.equal(after.postedCharacters - before.postedCharacters, 1);
    }
  });
});
