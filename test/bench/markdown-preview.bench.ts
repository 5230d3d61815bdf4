// VS Code's built-in Markdown preview renders a note with markdown-it and a KaTeX math plugin; with the extension,
// the markdown-it plugin adds a worked example under each attention formula. A 500-formula note rendered both ways,
// from nothing and again after a one-character edit (as the preview does while typing).
import katex from 'katex';
import MarkdownIt from 'markdown-it';
import texmath from 'markdown-it-texmath';
import { attentionLens } from '../../src/markdown/markdown-it';
import { fmtMs, measure, report } from './measure';

const FORMULAS = 500;

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

const median = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)];

const math = (md: InstanceType<typeof MarkdownIt>) => md.use(texmath, { engine: katex, delimiters: ['dollars'] });

export function run(): void {
  const text = note();
  const edited = text.replace('two positions', 'two positions.');
  const options = { minMs: 0, minRuns: 3 };

  // From nothing: a new renderer each time, the two taking turns so a busy machine slows both alike.
  const bare: number[] = [];
  const ours: number[] = [];
  const timed = (fn: () => unknown) => {
    const t0 = performance.now();
    fn();
    return performance.now() - t0;
  };
  for (let r = 0; r < 7; r++) {
    bare.push(timed(() => math(new MarkdownIt()).render(text)));
    ours.push(timed(() => math(new MarkdownIt()).use(attentionLens).render(text)));
  }
  report({
    name: `built-in preview render of a ${FORMULAS}-formula note, with worked examples (${(text.length / 1024).toFixed(0)} KB)`,
    ours: fmtMs(median(ours)),
    baselineName: 'without the plugin',
    baseline: fmtMs(median(bare)),
    ratio: median(ours) / median(bare),
    goal: 'within 1.5x',
    met: median(ours) <= 1.5 * median(bare),
  });

  const bareMd = math(new MarkdownIt());
  const ourMd = math(new MarkdownIt()).use(attentionLens);
  let flip = false;
  const next = () => {
    flip = !flip;
    return flip ? edited : text;
  };
  ourMd.render(text);
  const bareEdit = measure(() => bareMd.render(next()), options);
  const ourEdit = measure(() => ourMd.render(next()), options);
  report({
    name: 'the same note rendered again after a one-character edit',
    ours: fmtMs(ourEdit.ms),
    baselineName: 'without the plugin',
    baseline: fmtMs(bareEdit.ms),
    ratio: ourEdit.ms / bareEdit.ms,
  });
}
