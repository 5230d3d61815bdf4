// Test module for the Node extension host (run by test/bench/preview-memory.bench.ts): opens and closes the preview
// of a large note a hundred times and prints the host's heap before and after, with what the preview still holds
// (panels, a pending update), as one `preview-cycles-figure` line of JSON.
import * as vscode from 'vscode';
import { scanDocument } from '../../src/core/document/scan';
import type { AttentionLensApi } from '../../src/extension';
import type { PreviewProbe } from '../../src/preview/preview-manager';
import { hostileDocuments } from '../support/hostile';
import { testLog } from './console-marker';
import { extensionId, waitFor } from './helpers';

const CYCLES = Number(process.env.ATTENTION_LENS_PREVIEW_CYCLES ?? 100);
/** Some thousands of formulas: a preview of the 500 around the cursor, and a scan of all of them. */
const NOTE_MEGABYTES = 0.5;

export function previewTab(): vscode.Tab | undefined {
  for (const group of vscode.window.tabGroups.all)
    for (const tab of group.tabs)
      if (tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('attentionLens.preview'))
        return tab;
  return undefined;
}

/** The heap after a collection when `gc` is exposed, else the least of a few samples a pause apart. */
async function heapUsed(): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  let least = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 5; i++) {
    gc?.();
    await new Promise((r) => setTimeout(r, 300));
    least = Math.min(least, process.memoryUsage().heapUsed);
  }
  return least;
}

async function openAndClose(preview: PreviewProbe, uri: vscode.Uri): Promise<void> {
  await vscode.commands.executeCommand('attentionLens.openPreviewToSide', uri);
  await waitFor(
    'the preview to render',
    () => (preview.documentUri === uri.toString() && preview.lastRendered ? true : undefined),
    60_000,
  );
  const tab = previewTab();
  if (!tab) throw new Error('no preview tab');
  await vscode.window.tabGroups.close(tab);
  await waitFor('the panel to be disposed', () => (preview.resources.panels === 0 ? true : undefined));
}

export async function run(): Promise<void> {
  try {
    await cycles();
  } catch (err) {
    // The host logs a failing test module's error where the runner does not look.
    testLog(`the preview cycles failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    throw err;
  }
}

async function cycles(): Promise<void> {
  const extension = vscode.extensions.getExtension<AttentionLensApi>(extensionId);
  if (!extension) throw new Error('the extension is not loaded');
  const { preview } = extension.isActive ? extension.exports : await extension.activate();
  const note = hostileDocuments(NOTE_MEGABYTES).find((d) => d.name === 'large note');
  if (!preview || !note) throw new Error('no preview probe or no large note');
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: note.text });
  await vscode.window.showTextDocument(document);
  // The first cycles load the evaluator and warm the caches: that is not what a leak would be.
  for (let i = 0; i < 3; i++) await openAndClose(preview, document.uri);
  const before = await heapUsed();
  const started = performance.now();
  for (let i = 0; i < CYCLES; i++) {
    try {
      await openAndClose(preview, document.uri);
    } catch (err) {
      throw new Error(`cycle ${i + 1} of ${CYCLES}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const cycleMs = (performance.now() - started) / CYCLES;
  const after = await heapUsed();
  const formulas = scanDocument(note.text, 'markdown').regions.length;
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  const figure = { cycles: CYCLES, megabytes: NOTE_MEGABYTES, formulas, before, after, cycleMs, ...preview.resources };
  testLog(`preview-cycles-figure ${JSON.stringify(figure)}`);
}
