// The extension host's heap after opening and closing the preview of a large note a hundred times, beside the heap
// before (goal: within 10%), in the real Node extension host. Runs test/integration/preview-cycles-probe.ts inside
// VS Code (code-server), which `npm run bench` builds first.
import { join } from 'node:path';
import { root } from '../host/code-server';
import { runTestModule } from '../host/test-module';
import { fmtMs, report } from './measure';

interface CyclesFigure {
  cycles: number;
  megabytes: number;
  formulas: number;
  before: number;
  after: number;
  cycleMs: number;
  panels: number;
  pendingUpdate: boolean;
}

const GOAL = 1.1;
const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;

export async function run(): Promise<void> {
  let figure: CyclesFigure | undefined;
  const exitCode = await runTestModule({
    folder: join(root, 'test', 'fixtures', 'workspace'),
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'dist-test', 'integration', 'node', 'preview-cycles-probe.js'),
    prefix: '  [host] ',
    timeoutMs: 30 * 60_000,
    observe: (line) => {
      if (line.startsWith('preview-cycles-figure ')) figure = JSON.parse(line.slice('preview-cycles-figure '.length));
    },
  });
  if (!figure) throw new Error(`the preview cycles probe printed no figure (exit ${exitCode})`);
  report({
    name: `host heap after opening and closing the preview ${figure.cycles} times on a ${figure.megabytes} MB note (${figure.formulas} formulas)`,
    ours: mb(figure.after),
    baselineName: 'the heap before the cycles',
    baseline: mb(figure.before),
    ratio: figure.after / figure.before,
    goal: `within ${Math.round((GOAL - 1) * 100)}%`,
    met: figure.after <= figure.before * GOAL && figure.panels === 0 && !figure.pendingUpdate,
  });
  console.log(
    `  (${fmtMs(figure.cycleMs)} a cycle; left behind: ${figure.panels} panels, ${figure.pendingUpdate ? 'a' : 'no'} pending update)`,
  );
}
