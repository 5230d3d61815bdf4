// The first worked example of a session, cold. In the real Node extension host (test/integration/
// first-example-probe.ts): how long after the preview's first render its page shows the example, beside the
// same for the preview opened again (goal: within 200 ms). In a fresh Node process: the preview's first content
// for the same note, loading the evaluator chunk (and mathjs inside it) the way `src/lazy.ts` does, beside the same
// content built again in that process (warm): where the cold start goes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { root } from '../harness/code-server';
import { runHostProbe } from './host-probe';
import { fmtMs, report } from './measure';

const GOAL_MS = 200;

// Runs in the child process; `NOTE` is replaced by the note's path and the chunk's is its argument (a computed
// require, as in lazy.ts, so that esbuild leaves the chunk out of this bundle). Prints one line of JSON.
const PROBE = `
import { readFileSync } from 'node:fs';
import { DocumentIndex } from './src/core/document/document-index';
import { PreviewContentBuilder } from './src/preview/preview-content';
import { exampleText, kindLabels, untranslated, windowNotice } from './src/preview/preview-text';
import { printedSentence } from './src/printed-text';

const text = readFileSync(NOTE, 'utf8');
const content = (evaluate) => {
  const { scan, lines } = new DocumentIndex().get('note', 1, 'markdown', () => text);
  const options = {
    evaluate,
    kindLabel: kindLabels(untranslated),
    text: exampleText(untranslated),
    windowNotice: windowNotice(untranslated),
    printedText: (check) => printedSentence(untranslated, check, (t) => t),
    maxMatrixSize: 32,
    maxDimension: 512,
    maskedRows: 'zeros',
  };
  const built = new PreviewContentBuilder().build(text, scan, options, 0, lines);
  if (!built.formulas.some((f) => f.example)) throw new Error('no worked example');
};
const t0 = performance.now();
const { evaluateRegion } = require(process.argv[2]);
const t1 = performance.now();
content(evaluateRegion);
const t2 = performance.now();
const warm = [];
for (let i = 0; i < 20; i++) {
  const s = performance.now();
  content(evaluateRegion);
  warm.push(performance.now() - s);
}
warm.sort((a, b) => a - b);
console.log(JSON.stringify({ load: t1 - t0, first: t2 - t1, warm: warm[10] }));
`;

interface HostFigure {
  cold: { paintMs: number; exampleMs: number };
  warm: { paintMs: number; exampleMs: number };
}

interface Figure {
  load: number;
  first: number;
  warm: number;
}

export async function run(): Promise<void> {
  const host = await runHostProbe<HostFigure>('first-example', 10 * 60_000);
  report({
    name: "worked example shown after the preview's first render, first preview of a session (real host)",
    ours: `${fmtMs(host.cold.exampleMs)} (${fmtMs(host.cold.paintMs + host.cold.exampleMs)} after the command)`,
    baselineName: 'the preview opened again',
    baseline: `${fmtMs(host.warm.exampleMs)} (${fmtMs(host.warm.paintMs + host.warm.exampleMs)} after the command)`,
    ratio: (host.cold.paintMs + host.cold.exampleMs) / (host.warm.paintMs + host.warm.exampleMs),
    goal: `under ${GOAL_MS} ms`,
    met: host.cold.exampleMs < GOAL_MS,
  });
  const dir = mkdtempSync(join(tmpdir(), 'attention-lens-first-example-'));
  try {
    const probe = join(dir, 'probe.js');
    await esbuild.build({
      stdin: { contents: PROBE, resolveDir: root, loader: 'ts' },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile: probe,
      define: {
        NOTE: JSON.stringify(join(root, 'test/fixtures/workspace/preview-note.md')),
      },
      logLevel: 'silent',
    });
    const runs: Figure[] = [];
    for (let i = 0; i < 3; i++) {
      const child = spawnSync(process.execPath, [probe, join(root, 'dist/node/lazy/evaluate.js')], {
        encoding: 'utf8',
      });
      if (child.status !== 0) throw new Error(`the first-example probe failed: ${child.stderr}`);
      runs.push(JSON.parse(child.stdout) as Figure);
    }
    runs.sort((a, b) => a.load + a.first - (b.load + b.first));
    const { load, first, warm } = runs[1];
    report({
      name: 'first worked example in a fresh process (evaluator chunk loaded, note scanned, example built)',
      ours: `${fmtMs(load + first)} (loading the chunk ${fmtMs(load)}, first content ${fmtMs(first)})`,
      baselineName: 'the same content built again (warm)',
      baseline: fmtMs(warm),
      ratio: (load + first) / warm,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
