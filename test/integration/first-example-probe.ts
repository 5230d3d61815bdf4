// Test module for the Node extension host (run by test/bench/first-example.bench.ts): opens the preview of a note
// with a worked example in a host that has not evaluated anything yet, and records when the page first reported a
// render and when it first showed the example, then the same for the preview opened again (warm). Prints one
// `first-example-figure` line of JSON.
import * as vscode from 'vscode';
import type { AttentionLensApi } from '../../src/extension';
import type { PreviewProbe } from '../../src/preview/preview-manager';
import { testLog } from './console-marker';
import { extensionId } from './helpers';
import { previewTab } from './preview-cycles-probe';

const TIMEOUT_MS = 60_000;
const POLL_MS = 10;

/** Polls `check` every few milliseconds; its first value, or an error after the timeout. */
async function poll<T>(what: string, check: () => T | undefined | Promise<T | undefined>): Promise<T> {
  const until = Date.now() + TIMEOUT_MS;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** Milliseconds from the command to the first render, and from the first render to the example shown. */
async function open(preview: PreviewProbe, uri: vscode.Uri): Promise<{ paintMs: number; exampleMs: number }> {
  const started = performance.now();
  await vscode.commands.executeCommand('attentionLens.openPreviewToSide', uri);
  await poll('the first render', () => (preview.lastRendered ? true : undefined));
  const painted = performance.now();
  await poll('the worked example', async () =>
    (await preview.inspect()).some((f) => f.example !== null) ? true : undefined,
  );
  const shown = performance.now();
  const tab = previewTab();
  if (!tab) throw new Error('no preview tab');
  await vscode.window.tabGroups.close(tab);
  await poll('the preview to close', () => (preview.resources.panels === 0 ? true : undefined));
  return { paintMs: painted - started, exampleMs: shown - painted };
}

export async function run(): Promise<void> {
  const extension = vscode.extensions.getExtension<AttentionLensApi>(extensionId);
  if (!extension) throw new Error('the extension is not loaded');
  const { preview } = extension.isActive ? extension.exports : await extension.activate();
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!preview || !folder) throw new Error('no preview probe or no workspace folder');
  const uri = vscode.Uri.joinPath(folder.uri, 'preview-note.md');
  await vscode.window.showTextDocument(uri);
  const cold = await open(preview, uri);
  await vscode.window.showTextDocument(uri);
  const warm = await open(preview, uri);
  testLog(`first-example-figure ${JSON.stringify({ cold, warm })}`);
}
