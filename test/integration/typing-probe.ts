// Test module for the Node extension host (run by test/bench/typing.bench.ts): types into a generated 5 MB note
// and records the longest time the host's event loop was blocked, once with the extension's features off and no
// preview (the baseline: VS Code's own work and the scan the index keeps), once with everything on and the preview
// open. Prints one `typing-figure` line of JSON per phase.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { scanDocument } from '../../src/core/scan';
import type { AttentionLensApi } from '../../src/extension';
import { hostileDocuments } from '../support/hostile';
import { testLog } from './console-marker';
import { extensionId, waitFor } from './helpers';

const MEGABYTES = 5;
const KEYSTROKES = 40;
const KEYSTROKE_GAP_MS = 40;
/** Before the first keystroke and after the last: long enough for the debounced diagnostics and preview update. */
const SETTLE_MS = 3000;
const FEATURES = ['diagnostics.enabled', 'codeLens.enabled', 'hover.enabled'];

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function setFeatures(on: boolean): Promise<void> {
  const config = vscode.workspace.getConfiguration('attentionLens');
  for (const key of FEATURES) await config.update(key, on, vscode.ConfigurationTarget.Global);
}

/** Types a character every few tens of milliseconds in the middle of the note; the longest event-loop stall. */
async function typeAndMeasure(editor: vscode.TextEditor): Promise<number> {
  const line = Math.floor(editor.document.lineCount / 2);
  // What opening the note set off (its first scan, the outline, the first diagnostics) is not typing.
  await pause(SETTLE_MS);
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  for (let i = 0; i < KEYSTROKES; i++) {
    const at = editor.document.lineAt(line).range.end;
    await editor.edit((edit) => edit.insert(at, 'x'));
    await pause(KEYSTROKE_GAP_MS);
  }
  await pause(SETTLE_MS);
  histogram.disable();
  return histogram.max / 1e6;
}

export async function run(): Promise<void> {
  const extension = vscode.extensions.getExtension<AttentionLensApi>(extensionId);
  if (!extension) throw new Error('the extension is not loaded');
  const api = extension.isActive ? extension.exports : await extension.activate();
  const note = hostileDocuments(MEGABYTES).find((d) => d.name === 'large note');
  if (!note) throw new Error('no large note in the corpus');

  const scanStarted = performance.now();
  scanDocument(note.text, 'markdown');
  const fullScanMs = performance.now() - scanStarted;

  const open = async () =>
    vscode.window.showTextDocument(
      await vscode.workspace.openTextDocument({ language: 'markdown', content: note.text }),
    );
  const close = () => vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');

  await setFeatures(false);
  const baselineMs = await typeAndMeasure(await open());
  await close();

  await setFeatures(true);
  const editor = await open();
  await vscode.commands.executeCommand('attentionLens.openPreviewToSide');
  const preview = api.preview;
  await waitFor('the preview to render', () => (preview?.lastRendered ? true : undefined), 300_000);
  const withPreviewMs = await typeAndMeasure(editor);
  const updated = preview?.lastRendered?.version === editor.document.version;
  await vscode.window.showTextDocument(editor.document);
  await close();
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');

  const figure = { megabytes: MEGABYTES, keystrokes: KEYSTROKES, baselineMs, withPreviewMs, fullScanMs, updated };
  testLog(`typing-figure ${JSON.stringify(figure)}`);
}
