// Scanner throughput on a generated Markdown document, beside markdown-it + markdown-it-texmath parsing the
// same text and beside a bare charCodeAt loop over it; how the time grows from 5 MB to 10 MB; and the same growth
// on adversarial inputs (runs of `$`, unclosed braces and environments ...), where a quadratic scan would show.
import katex from 'katex';
import MarkdownIt from 'markdown-it';
import texmath from 'markdown-it-texmath';
import { scanDocument } from '../../src/core/document/scan';
import { LINEARITY_BOUND, linearity } from '../fuzz/scan.fuzz';
import { Prng } from '../support/prng';
import { fmtMs, measure, report } from './measure';

const MB = 1024 * 1024;

// The mix follows the shared corpus (the d2l chapters and the Q&A page): about 40% of the text in code fences,
// a tenth in math, and three to four regions per kilobyte, as in the densest of those documents. The run prints the
// generated document's figures so the comparison can be checked.
const PROSE = [
  'Attention weighs every value by how well its key matches the query, and the weights sum to one.',
  'The decoder attends to the encoder output through cross-attention; running it costs $5 per run and $10 per batch.',
  '交叉注意力的查询来自解码器，键和值来自编码器，因此两者的长度可以不同。',
  'Scaling by $\\sqrt{d_k}$ keeps the logits in a range where softmax still has useful gradients.',
  'Each head projects with its own $W_i^Q$ and $W_i^K$ before the outputs are concatenated.',
  'See `attention(q, k, v)` in the code below, and note that `$$` in a code span is not math.',
  'In practice the batch dimension comes first, and the sequence length second, as the code shows.',
  'Masking keeps padding tokens from receiving any weight, which matters for batches of uneven length.',
  'A mask $M \\in \\mathbb{R}^{l_q \\times l_k}$ adds $-\\infty$ where a query may not look.',
  'The same computation appears in every layer, so it is worth writing once and testing well.',
];

const DISPLAY = [
  '$$\n\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}} + M\\right)V\n$$',
  '$$Q = \\begin{bmatrix} 1 & 0 & 2 \\\\ 0 & 1 & -1 \\end{bmatrix}, \\quad K = \\begin{bmatrix} 0.5 & 1 \\\\ -1 & 2 \\\\ 1 & \\frac{1}{2} \\end{bmatrix}$$',
  '$$M_{\\text{causal}} = \\begin{pmatrix} 0 & -\\infty \\\\ 0 & 0 \\end{pmatrix}, \\qquad d_k = 2$$',
  '$$\\mathrm{MultiHead}(Q, K, V) = \\mathrm{Concat}(\\mathrm{head}_1, \\ldots, \\mathrm{head}_h) W^O$$',
];

const CODE = [
  '```python\ndef attention(q, k, v, mask=None):\n    scores = q @ k.transpose(-2, -1) / math.sqrt(k.shape[-1])  # $$ not math $$\n    if mask is not None:\n        scores = scores.masked_fill(mask == 0, float("-inf"))\n    return torch.softmax(scores, dim=-1) @ v\n```',
  '```{.python .input}\n%%tab pytorch\nX = torch.ones((2, 3, 4))\nvalid_lens = torch.tensor([2, 3])\nprint(f"cost: $", X.sum(), masked_softmax(X, valid_lens).shape)\n```',
];

/** A deterministic Markdown document of about `length` UTF-16 code units. */
export function generateMarkdown(length: number, seed = 1): string {
  const random = new Prng(seed);
  const parts: string[] = [];
  let size = 0;
  let section = 0;
  while (size < length) {
    let block: string;
    const roll = random.next();
    if (roll < 0.04) block = `## Section ${++section}`;
    else if (roll < 0.5) block = Array.from({ length: 2 + random.int(4) }, () => random.pick(PROSE)).join(' ');
    else if (roll < 0.57) block = random.pick(DISPLAY);
    else block = random.pick(CODE);
    parts.push(block);
    size += block.length + 2;
  }
  return parts.join('\n\n');
}

/** The baseline: every character of the text read once. */
function charSum(text: string): number {
  let sum = 0;
  for (let i = 0; i < text.length; i++) sum += text.charCodeAt(i);
  return sum;
}

const CPU_RUNS = 30;

/** Milliseconds of CPU time (this process's threads, the collector's included) one call takes. */
function cpuMs(fn: () => unknown): number {
  const before = process.cpuUsage();
  fn();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

export function run(): void {
  const text = generateMarkdown(5 * MB);
  const double = generateMarkdown(10 * MB, 2);
  const size = text.length / MB;
  const throughput = (ms: number) => size / (ms / 1000);

  const ours = measure(() => scanDocument(text, 'markdown'), { minRuns: 10 });
  // On a shared machine the wall clock counts other processes' time: the CPU time of the best of many runs, scan and
  // loop in turn, is the steadier figure. Measured before markdown-it runs, as our wall-clock figures are.
  const cpu = { scan: Number.POSITIVE_INFINITY, loop: Number.POSITIVE_INFINITY };
  for (let run = 0; run < CPU_RUNS; run++) {
    cpu.scan = Math.min(
      cpu.scan,
      cpuMs(() => scanDocument(text, 'markdown')),
    );
    cpu.loop = Math.min(
      cpu.loop,
      cpuMs(() => charSum(text)),
    );
  }
  // Measured before markdown-it runs: its garbage would otherwise be collected during our 10 MB runs.
  const big = measure(() => scanDocument(double, 'markdown'), { minRuns: 6 });
  const md = new MarkdownIt().use(texmath, { engine: katex, delimiters: ['dollars'] });
  const markdownIt = measure(() => md.parse(text, {}), { minRuns: 3, minMs: 0 });
  const bare = measure(() => charSum(text), { minRuns: 10 });
  const ourRate = throughput(ours.ms);
  const doc = scanDocument(text, 'markdown');
  const math = doc.regions.reduce((n, r) => n + r.endOffset - r.startOffset, 0);
  console.log(
    `document: ${size.toFixed(1)} MB, ${(doc.regions.length / (text.length / 1024)).toFixed(2)} regions/KB, ${((100 * math) / text.length).toFixed(1)}% math, ${doc.regions.length} regions, ${doc.matrices.length} matrices, ${doc.shapes.length} shapes`,
  );
  report({
    name: 'scan throughput vs markdown-it + texmath',
    ours: `${ourRate.toFixed(0)} MB/s (${fmtMs(ours.ms)})`,
    baselineName: 'markdown-it + texmath',
    baseline: `${throughput(markdownIt.ms).toFixed(1)} MB/s (${fmtMs(markdownIt.ms)})`,
    ratio: markdownIt.ms / ours.ms,
    goal: '>= 30x',
    met: markdownIt.ms / ours.ms >= 30,
  });
  report({
    name: 'scan throughput vs bare charCodeAt loop',
    ours: `${ourRate.toFixed(0)} MB/s`,
    baselineName: 'charCodeAt loop',
    baseline: `${throughput(bare.ms).toFixed(0)} MB/s (${fmtMs(bare.ms)})`,
    ratio: bare.ms / ours.ms,
    goal: '>= 0.5x',
    met: bare.ms / ours.ms >= 0.5,
  });
  report({
    name: `scan CPU time vs bare charCodeAt loop, best of ${CPU_RUNS}`,
    ours: fmtMs(cpu.scan),
    baselineName: 'charCodeAt loop',
    baseline: fmtMs(cpu.loop),
    ratio: cpu.loop / cpu.scan,
    goal: '>= 0.5x',
    met: cpu.loop / cpu.scan >= 0.5,
  });
  report({
    name: 'scan time 10 MB vs 5 MB',
    ours: fmtMs(big.ms),
    baselineName: '5 MB',
    baseline: fmtMs(ours.ms),
    ratio: big.ms / ours.ms,
    goal: '<= 2.2x',
    met: big.ms / ours.ms <= 2.2,
  });
  for (const l of linearity())
    report({
      name: `adversarial input, 2n vs n: ${l.name}`,
      ours: fmtMs(l.ms2N),
      baselineName: `n = ${l.n}`,
      baseline: fmtMs(l.msN),
      ratio: l.ratio,
      goal: `<= ${LINEARITY_BOUND}x`,
      met: l.ratio <= LINEARITY_BOUND,
    });
}
