// The extension's longest single synchronous task in the real Node extension host while typing into a 5 MB note
// with the preview open (goal: under 50 ms), beside the longest stall of the same host while the same typing runs
// with the extension's features off and no preview (VS Code's own work, its Markdown extension's above all).
// Runs test/integration/typing-probe.ts inside VS Code (see host-probe.ts).
import { runHostProbe } from './host-probe';
import { fmtMs, report } from './measure';

interface TypingFigure {
  megabytes: number;
  keystrokes: number;
  baselineMs: number;
  withPreviewMs: number;
  ownTaskMs: number;
  ownTasks: { ms: number; heaviest: string[] }[];
  fullScanMs: number;
  updated: boolean;
}

const GOAL_MS = 50;

export async function run(): Promise<void> {
  const figure = await runHostProbe<TypingFigure>('typing', 10 * 60_000);
  report({
    name: `longest synchronous task of the extension while typing ${figure.keystrokes} characters into a ${figure.megabytes} MB note, preview open`,
    ours: fmtMs(figure.ownTaskMs),
    baselineName: 'longest stall of the host for the same typing with the features off',
    baseline: fmtMs(figure.baselineMs),
    ratio: figure.ownTaskMs / figure.baselineMs,
    goal: `under ${GOAL_MS} ms`,
    met: figure.ownTaskMs < GOAL_MS,
  });
  console.log(
    `  (longest stall of the host with the features on: ${fmtMs(figure.withPreviewMs)}; one whole scan of the note in the same host: ${fmtMs(figure.fullScanMs)}; the preview ${figure.updated ? 'showed' : 'had not yet shown'} the last keystroke)`,
  );
  console.log('  the five longest tasks of the extension, with the functions that took most of each:');
  for (const task of figure.ownTasks) console.log(`    ${fmtMs(task.ms)}: ${task.heaviest.join(', ')}`);
}
