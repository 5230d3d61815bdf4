// The extension's longest single synchronous task in the real Node extension host while typing into a 5 MB note
// with the preview open (goal: under 50 ms), without and with the formulas on screen rendered inline, beside the
// longest stall of the same host while the same typing runs with the extension's features off and no preview
// (VS Code's own work, its Markdown extension's above all).
// Each with-features figure is the median of five rounds of typing, each round's longest task printed beside it.
// Runs test/integration/typing-probe.ts inside VS Code (see host-probe.ts).
import { loadavg } from 'node:os';
import { runHostProbe } from './host-probe';
import { fmtMs, report } from './measure';

interface TypingFigure {
  megabytes: number;
  keystrokes: number;
  baselineMs: number;
  withPreviewMs: number;
  ownTaskMs: number;
  ownTasks: { ms: number; heaviest: string[] }[];
  ownRounds: { ms: number; heaviest: string[] }[];
  withInlineMs: number;
  inlineTaskMs: number;
  inlineTasks: { ms: number; heaviest: string[] }[];
  inlineRounds: { ms: number; heaviest: string[] }[];
  inlineImages: number;
  /** The inline images' own work during the typing: updates and the longest synchronous stretch. */
  inlineCost: { updates: number; longestTaskMs: number; longestScanMs: number };
  fullScanMs: number;
  updated: boolean;
  /** Where the CPU profile of each phase's median round was saved. */
  profiles: { own: string; inline: string };
}

const GOAL_MS = 50;

export async function run(): Promise<void> {
  // The machine is shared: its load says how far the figure is from a quiet machine's.
  const loadBefore = loadavg()[0];
  const figure = await runHostProbe<TypingFigure>('typing', 20 * 60_000);
  const loadAfter = loadavg()[0];
  const rows = [
    {
      inline: 'off',
      ms: figure.ownTaskMs,
      stall: figure.withPreviewMs,
      tasks: figure.ownTasks,
      rounds: figure.ownRounds,
      profile: figure.profiles.own,
    },
    {
      inline: `on (${figure.inlineImages} images)`,
      ms: figure.inlineTaskMs,
      stall: figure.withInlineMs,
      tasks: figure.inlineTasks,
      rounds: figure.inlineRounds,
      profile: figure.profiles.inline,
    },
  ];
  for (const row of rows) {
    report({
      name: `longest synchronous task of the extension while typing ${figure.keystrokes} characters into a ${figure.megabytes} MB note, preview open, inline formulas ${row.inline} (median round)`,
      ours: fmtMs(row.ms),
      baselineName: 'longest stall of the host for the same typing with the features off',
      baseline: fmtMs(figure.baselineMs),
      ratio: row.ms / figure.baselineMs,
      goal: `under ${GOAL_MS} ms`,
      met: row.ms < GOAL_MS,
    });
    console.log(`  the longest task of each of the ${row.rounds.length} rounds, in order:`);
    for (const task of row.rounds) console.log(`    ${fmtMs(task.ms)}: ${task.heaviest.join(', ')}`);
    console.log(`  (longest stall of the host with the features on, in the median round: ${fmtMs(row.stall)})`);
    console.log('  the five longest tasks of the extension in that round, with the functions that took most of each:');
    for (const task of row.tasks) console.log(`    ${fmtMs(task.ms)}: ${task.heaviest.join(', ')}`);
    console.log(`  (that round's CPU profile, which DevTools opens: ${row.profile})`);
  }
  console.log(
    `  the inline images' own longest synchronous work while typing: ${fmtMs(figure.inlineCost.longestTaskMs)} in ${figure.inlineCost.updates} updates, besides waiting up to ${fmtMs(figure.inlineCost.longestScanMs)} for the note's rescan that the other features share`,
  );
  console.log(
    `  (one whole scan of the note in the same host: ${fmtMs(figure.fullScanMs)}; the preview ${figure.updated ? 'showed' : 'had not yet shown'} the last keystroke)`,
  );
  console.log(`  (load average of the machine: ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after)`);
}
