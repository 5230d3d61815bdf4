// The longest single synchronous task in the real Node extension host while typing into a 5 MB note with the
// preview open (goal: under 50 ms), beside the same typing with the extension's features off and no preview.
// Runs test/integration/typing-probe.ts inside VS Code (code-server), which `npm run bench` builds first.
import { join } from 'node:path';
import { root } from '../host/code-server';
import { runTestModule } from '../host/test-module';
import { fmtMs, report } from './measure';

interface TypingFigure {
  megabytes: number;
  keystrokes: number;
  baselineMs: number;
  withPreviewMs: number;
  fullScanMs: number;
  updated: boolean;
}

const GOAL_MS = 50;

export async function run(): Promise<void> {
  let figure: TypingFigure | undefined;
  const exitCode = await runTestModule({
    folder: join(root, 'test', 'fixtures', 'workspace'),
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'dist-test', 'integration', 'node', 'typing-probe.js'),
    prefix: '  [host] ',
    timeoutMs: 10 * 60_000,
    observe: (line) => {
      if (line.startsWith('typing-figure ')) figure = JSON.parse(line.slice('typing-figure '.length));
    },
  });
  if (!figure) throw new Error(`the typing probe printed no figure (exit ${exitCode})`);
  report({
    name: `longest synchronous task while typing ${figure.keystrokes} characters into a ${figure.megabytes} MB note, preview open`,
    ours: fmtMs(figure.withPreviewMs),
    baselineName: 'the same typing with the features off and no preview',
    baseline: fmtMs(figure.baselineMs),
    ratio: figure.withPreviewMs / figure.baselineMs,
    goal: `under ${GOAL_MS} ms`,
    met: figure.withPreviewMs < GOAL_MS,
  });
  console.log(
    `  (one whole scan of the note in the same host: ${fmtMs(figure.fullScanMs)}; the preview ${figure.updated ? 'showed' : 'had not yet shown'} the last keystroke)`,
  );
}
