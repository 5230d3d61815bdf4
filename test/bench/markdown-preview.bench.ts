// VS Code's built-in Markdown preview renders a note with markdown-it and a KaTeX math plugin; with the extension,
// the markdown-it plugin adds a worked example under each attention formula. A 500-formula note rendered both ways,
// from nothing, again after a one-character edit (as the preview does while typing) and again unchanged. The two
// take turns, each round in the other order, so a busy machine slows both alike; each figure is the median over
// the rounds of the wall-clock time, beside the median of each round's own ratio and the ratio of CPU times (on a
// machine shared with other work, the process's CPU time moves less than the clock).
import katex from 'katex';
import MarkdownIt from 'markdown-it';
import texmath from 'markdown-it-texmath';
import { evaluatorIn } from '../../src/core/attention/evaluate';
import { attentionLens } from '../../src/markdown/markdown-it';
import { attentionLensPlugin } from '../../src/markdown/markdown-it-plugin';
import { untranslated } from '../../src/preview/preview-text';
import { fmtMs, median, report } from './measure';

const FORMULAS = 500;
const ROUNDS = 11;

export function note(): string {
  const parts = ['# Attention, worked five hundred times\n'];
  for (let i = 0; i < FORMULAS; i++)
    parts.push(
      `## Example ${i + 1}\n\nThe decoder has two positions and the encoder three.\n\n$$\nQ = \\begin{bmatrix} ${i % 7} & 1 \\\\ 0 & 1 \\end{bmatrix}, ` +
        'K = \\begin{bmatrix} 1 & 0 \\\\ 0 & 1 \\\\ 1 & 1 \\end{bmatrix}, V = \\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\\\ 5 & 6 \\end{bmatrix}\n$$\n\n' +
        '$$\n\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right) V\n$$\n',
    );
  return parts.join('\n');
}

type Md = InstanceType<typeof MarkdownIt>;
const math = (md: Md) => md.use(texmath, { engine: katex, delimiters: ['dollars'] });

/** The plugin as the extension gives it to VS Code's engine: examples looked for at render time only. */
function atRender(md: Md): Md {
  const evaluate = evaluatorIn('en');
  attentionLensPlugin(md, {
    settings: () => ({ precision: 4, maskedRows: 'zeros', maxMatrixSize: 32, maxDimension: 512, macros: {} }),
    evaluator: () => evaluate,
    translate: untranslated,
    atRender: { scanOf: () => undefined },
  });
  return md;
}

interface Sample {
  wall: number;
  cpu: number;
}

function timed(fn: () => unknown): Sample {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  fn();
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { wall, cpu: (cpu.user + cpu.system) / 1000 };
}

/** Both renders, `ROUNDS` times, taking turns. */
function compare(bare: (round: number) => unknown, ours: (round: number) => unknown) {
  const b: Sample[] = [];
  const o: Sample[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    if (r % 2 === 0) {
      b.push(timed(() => bare(r)));
      o.push(timed(() => ours(r)));
    } else {
      o.push(timed(() => ours(r)));
      b.push(timed(() => bare(r)));
    }
  }
  const wall = { ours: median(o.map((s) => s.wall)), bare: median(b.map((s) => s.wall)) };
  return {
    ...wall,
    ratio: wall.ours / wall.bare,
    paired: median(o.map((s, r) => s.wall / b[r].wall)),
    cpu: median(o.map((s) => s.cpu)) / median(b.map((s) => s.cpu)),
  };
}

function row(name: string, c: ReturnType<typeof compare>, goal?: number): void {
  report({
    name,
    ours: fmtMs(c.ours),
    baselineName: 'without the plugin',
    baseline: fmtMs(c.bare),
    ratio: c.ratio,
    ...(goal ? { goal: `within ${goal}x`, met: c.ratio <= goal } : {}),
  });
  console.log(`  each round's own ratio, median ${c.paired.toFixed(2)}x; CPU time ratio ${c.cpu.toFixed(2)}x`);
}

export function run(): void {
  const text = note();
  const edited = text.replace('two positions', 'two positions.');
  // Warm-up: the first render of a process loads and compiles the evaluator and KaTeX.
  math(new MarkdownIt()).use(attentionLens).render(text);

  row(
    `built-in preview render of a ${FORMULAS}-formula note from nothing, with worked examples (${(text.length / 1024).toFixed(0)} KB)`,
    compare(
      () => math(new MarkdownIt()).render(text),
      () => math(new MarkdownIt()).use(attentionLens).render(text),
    ),
    1.5,
  );

  const bareMd = math(new MarkdownIt());
  const ourMd = math(new MarkdownIt()).use(attentionLens);
  ourMd.render(text);
  // Each round renders the other text of the two: every render follows an edit.
  const alternate = (r: number) => (r % 2 === 0 ? edited : text);
  row(
    'the same note rendered again after a one-character edit',
    compare(
      (r) => bareMd.render(alternate(r)),
      (r) => ourMd.render(alternate(r)),
    ),
  );
  row(
    'the same note rendered again unchanged',
    compare(
      () => bareMd.render(text),
      () => ourMd.render(text),
    ),
  );

  // VS Code's Markdown extension parses each open note at every change for its outline, links and folding, with or
  // without a preview; the extension's plugin looks for the examples at render time only.
  const vscodeMd = atRender(math(new MarkdownIt()));
  row(
    "the same note parsed after a one-character edit, as VS Code's Markdown extension parses it at every change (examples looked for at render time)",
    compare(
      (r) => bareMd.parse(alternate(r), {}),
      (r) => vscodeMd.parse(alternate(r), {}),
    ),
  );
  row(
    "the same parse with the examples looked for at each parse (the published plugin's way)",
    compare(
      (r) => bareMd.parse(alternate(r), {}),
      (r) => ourMd.parse(alternate(r), {}),
    ),
  );
}
