// The extension host's heap after opening and closing the preview of a large note a hundred times, beside the heap
// before (goal: within 10%), in the real Node extension host. Runs test/integration/preview-cycles-probe.ts inside
// VS Code (code-server), which `npm run bench` builds first.
import { runHostProbe } from './host-probe';
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
  const figure = await runHostProbe<CyclesFigure>('preview-cycles', 30 * 60_000);
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
