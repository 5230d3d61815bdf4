// Test module for the Node extension host (run by test/bench/typing.bench.ts): types into a generated 5 MB note
// and records the longest time the host's event loop was blocked, once with the extension's features off and no
// preview (the baseline: VS Code's own work, its Markdown extension's above all), then with everything on and the
// preview open, first without and then with the formulas rendered inline. The host runs other extensions' tasks
// too, so the extension's own longest task is read from a CPU profile of each of the last two phases. Each of those
// types in five rounds, each profiled on its own: the figure is the median round's, as a machine shared with other
// work stretches one task now and then, and every round's longest task is printed beside it. Prints one
// `typing-figure` line of JSON.
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import * as vscode from 'vscode';
import { scanDocument } from '../../src/core/document/scan';
import type { AttentionLensApi } from '../../src/extension';
import { median } from '../bench/measure';
import { hostileDocuments } from '../support/hostile';
import { testLog } from './console-marker';
import { extensionId, waitFor } from './helpers';

const MEGABYTES = 5;
const KEYSTROKES = 40;
const KEYSTROKE_GAP_MS = 40;
const ROUNDS = 5;
/** Before the first keystroke and after the last: long enough for the debounced diagnostics and preview update. */
const SETTLE_MS = 3000;
const FEATURES = ['diagnostics.enabled', 'codeLens.enabled', 'hover.enabled'];
type InlineMode = 'off' | 'attention';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { url: string; functionName: string; lineNumber: number };
    children?: number[];
  }[];
  samples: number[];
  timeDeltas: number[];
}

/** One run of consecutive profile samples in the extension's own code, and where its time went. */
interface OwnTask {
  ms: number;
  /** The functions with the most samples in the task, heaviest first, with their milliseconds. */
  heaviest: string[];
}

/**
 * The runs of consecutive profile samples in the extension's own code (its bundles on the stack), counting the
 * garbage collections inside such a run: the extension's synchronous tasks, longest first, the first `count`.
 */
function longestOwnTasks(profile: CpuProfile, bundles: string, count: number): OwnTask[] {
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const ours = new Map<number, boolean>();
  const isOurs = (id: number): boolean => {
    let known = ours.get(id);
    if (known === undefined) {
      const up = parent.get(id);
      known = (nodes.get(id)?.callFrame.url ?? '').startsWith(bundles) || (up !== undefined && isOurs(up));
      ours.set(id, known);
    }
    return known;
  };
  const gc = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(garbage collector)').map((n) => n.id));
  const tasks: { ms: number; self: Map<string, number> }[] = [];
  let current: { ms: number; self: Map<string, number> } | null = null;
  profile.samples.forEach((sample, i) => {
    const delta = profile.timeDeltas[i] / 1000;
    if (isOurs(sample) || (current && gc.has(sample))) {
      if (!current) {
        current = { ms: 0, self: new Map() };
        tasks.push(current);
      }
      current.ms += delta;
      // Named with the file and line, since names such as `get` are common to many functions.
      const frame = nodes.get(sample)?.callFrame;
      const file = frame?.url.split('/').pop();
      const name = `${frame?.functionName || '(anonymous)'}${file ? ` ${file}:${(frame?.lineNumber ?? 0) + 1}` : ''}`;
      current.self.set(name, (current.self.get(name) ?? 0) + delta);
    } else current = null;
  });
  return tasks
    .sort((a, b) => b.ms - a.ms)
    .slice(0, count)
    .map((t) => ({
      ms: t.ms,
      heaviest: [...t.self]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 4)
        .map(([name, ms]) => `${name} ${ms.toFixed(0)} ms`),
    }));
}

/** Runs `work` under the CPU profiler and returns what it returned with the profile. */
async function profiled<T>(work: () => Promise<T>): Promise<[T, CpuProfile]> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 1000 });
    await session.post('Profiler.start');
    const result = await work();
    const { profile } = await session.post('Profiler.stop');
    return [result, profile as CpuProfile];
  } finally {
    session.disconnect();
  }
}

async function setFeatures(on: boolean): Promise<void> {
  const config = vscode.workspace.getConfiguration('attentionLens');
  for (const key of FEATURES) await config.update(key, on, vscode.ConfigurationTarget.Global);
}

const setInline = (mode: InlineMode) =>
  vscode.workspace.getConfiguration('attentionLens').update('inline', mode, vscode.ConfigurationTarget.Global);

/** The line typed on, in the middle of the note. */
const typingLine = (editor: vscode.TextEditor) => Math.floor(editor.document.lineCount / 2);

/** Shows the typing line in the middle of the editor with the cursor at its end, as when one types there. */
function goToTypingLine(editor: vscode.TextEditor): void {
  const end = editor.document.lineAt(typingLine(editor)).range.end;
  editor.selection = new vscode.Selection(end, end);
  editor.revealRange(new vscode.Range(end, end), vscode.TextEditorRevealType.InCenter);
}

/** Types a character every few tens of milliseconds in the middle of the note; the longest event-loop stall. */
async function typeAndMeasure(editor: vscode.TextEditor): Promise<number> {
  const line = typingLine(editor);
  goToTypingLine(editor);
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

/** One round of typing: the host's longest stall, and the extension's longest tasks in its profile. */
interface Round {
  stallMs: number;
  tasks: OwnTask[];
  profile: CpuProfile;
}

/**
 * Types ROUNDS times, each round profiled on its own; the rounds in order, and the one of median longest task,
 * whose profile is saved as `file` (DevTools opens it) for a closer look.
 */
async function typedRounds(
  editor: vscode.TextEditor,
  bundles: string,
  file: string,
): Promise<{ rounds: Round[]; median: Round }> {
  const rounds: Round[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const [stallMs, profile] = await profiled(() => typeAndMeasure(editor));
    rounds.push({ stallMs, tasks: longestOwnTasks(profile, bundles, 5), profile });
  }
  const longest = (r: Round) => r.tasks[0]?.ms ?? 0;
  const middle = median(rounds.map(longest));
  const medianRound = rounds.find((r) => longest(r) === middle) ?? rounds[0];
  writeFileSync(file, JSON.stringify(medianRound.profile));
  return { rounds, median: medianRound };
}

export async function run(): Promise<void> {
  try {
    await measure();
  } catch (err) {
    // The harness shows only what the test prints: say why there is no figure.
    testLog(`typing probe failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    throw err;
  }
}

async function measure(): Promise<void> {
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

  const started = performance.now();
  const step = (what: string) => testLog(`${((performance.now() - started) / 1000).toFixed(1)} s: ${what}`);
  await setFeatures(false);
  await setInline('off');
  step('typing with the features off');
  const baselineMs = await typeAndMeasure(await open());
  await close();

  await setFeatures(true);
  const editor = await open();
  step('opening the preview');
  await vscode.commands.executeCommand('attentionLens.openPreviewToSide');
  const preview = api.preview;
  await waitFor('the preview to render', () => (preview?.lastRendered ? true : undefined), 300_000);
  step('typing with the preview open');
  const bundles = `${pathToFileURL(join(extension.extensionPath, 'dist')).href}/`;
  const results = join(extension.extensionPath, 'test-results');
  mkdirSync(results, { recursive: true });
  const profiles = { own: join(results, 'typing.cpuprofile'), inline: join(results, 'typing-inline.cpuprofile') };
  const typed = await typedRounds(editor, bundles, profiles.own);
  // Printed at once, so that a later phase that fails does not lose this one's figure.
  for (const task of typed.median.tasks) step(`own task ${task.ms.toFixed(0)} ms: ${task.heaviest.join(', ')}`);

  step('typing with the preview open and the formulas rendered inline');
  await setInline('attention');
  goToTypingLine(editor);
  const inlineImages = await waitFor(
    'the inline images',
    () => (api.inline && api.inline.shown(editor).length > 0 ? api.inline.shown(editor).length : undefined),
    60_000,
  );
  api.inline?.resetCost();
  const inline = await typedRounds(editor, bundles, profiles.inline);
  const inlineCost = api.inline?.cost;
  await setInline('off');
  step('closing');
  const updated = preview?.lastRendered?.version === editor.document.version;
  await vscode.window.showTextDocument(editor.document);
  await close();
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');

  const roundsOf = (r: { rounds: Round[] }) => r.rounds.map((round) => round.tasks[0] ?? { ms: 0, heaviest: [] });
  const figure = {
    megabytes: MEGABYTES,
    keystrokes: KEYSTROKES,
    baselineMs,
    withPreviewMs: typed.median.stallMs,
    ownTaskMs: typed.median.tasks[0]?.ms ?? 0,
    ownTasks: typed.median.tasks,
    ownRounds: roundsOf(typed),
    withInlineMs: inline.median.stallMs,
    inlineTaskMs: inline.median.tasks[0]?.ms ?? 0,
    inlineTasks: inline.median.tasks,
    inlineRounds: roundsOf(inline),
    inlineImages,
    inlineCost,
    fullScanMs,
    updated,
    profiles,
  };
  testLog(`typing-figure ${JSON.stringify(figure)}`);
}
