// Edits for the incremental rescan: real and generated documents, Markdown and LaTeX, changed by random
// insertions, deletions and replacements (many of them opening or closing `$$`, fences, comments, environments or
// macro definitions). After every batch of changes the rescan must equal a scan of the whole new text.
import { isDeepStrictEqual } from 'node:util';
import type { DocumentFormat, ScannedDocument } from '../../src/core/document/document-model';
import { ChangedSpan, rescan, type Scanned, type TextChange } from '../../src/core/document/incremental-scan';
import { LineIndex } from '../../src/core/document/positions';
import { scanTracked } from '../../src/core/document/scan';
import { generateMarkdown } from '../bench/scan.bench';
import { corpusFiles } from '../support/corpus';
import { plainScan } from '../support/plain-scan';
import { Prng } from '../support/prng';

/** Pieces that open or close what the finders track across lines. */
const TOKENS = [
  '$',
  '$$',
  '\n$$\n',
  '$$\n',
  '\\$',
  '\\(',
  '\\)',
  '\\[',
  '\\]',
  '`',
  '```',
  '\n```\n',
  '\n```math\n',
  '~~~',
  '<!--',
  '-->',
  '\n<!--\n',
  '\n---\n',
  '---\n',
  '\\begin{equation}',
  '\\end{equation}',
  '\n\\begin{align*}\n',
  '\\end{align*}\n',
  '\\begin{verbatim}',
  '\\end{verbatim}',
  '\\begin',
  '\\begin{bmatrix}1 & 2 \\\\ 3 & 4\\end{bmatrix}',
  '\\newcommand{\\R}{\\mathbb{R}}',
  '\\newcommand{\\Q}{Q}',
  '\\def\\a{\\a\\a}',
  '\\newcommand',
  '\\newcommand{\\x}{',
  '\\verb|',
  '%',
  '\\%',
  '\n',
  '\n\n',
  '\r\n',
  '\r',
  '    ',
  '- ',
  '1. ',
  '> ',
  '# ',
  '{',
  '}',
  'Q = [[1, 2], [3, 4]]',
  'K \\in \\R^{n \\times d}',
  'd_k = 2',
  '😀',
  'x',
  ' ',
];

const LATEX_PARTS = [
  '\\documentclass{article}\n\\newcommand{\\R}{\\mathbb{R}}\n\\DeclareMathOperator{\\softmax}{softmax}\n\\begin{document}\n',
  'Attention weighs values by $\\softmax(QK^\\top)$, with $Q \\in \\R^{l_q \\times d_k}$ and $d_k = 2$.',
  '\\[ K = \\begin{bmatrix} 1 & 0 \\\\ 0 & 1 \\end{bmatrix} \\]',
  '\\begin{equation}\n\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}} + M\\right)V\n\\end{equation}',
  '% a comment with $math$ that is not math\nText after the comment, 50\\% of it.',
  '\\begin{verbatim}\n$not math$\n\\end{verbatim}',
  '\\section{Cross-attention}\nThe queries come from the decoder \\(Q = XW^Q\\), the keys from the encoder.',
  '$$M = \\begin{pmatrix} 0 & -\\infty \\\\ 0 & 0 \\end{pmatrix}$$',
];

function generateLatex(length: number, random: Prng): string {
  const parts = [LATEX_PARTS[0]];
  let size = parts[0].length;
  while (size < length) {
    const part = random.pick(LATEX_PARTS.slice(1));
    parts.push(part);
    size += part.length + 2;
  }
  return parts.join(random.next() < 0.8 ? '\n\n' : '\n');
}

interface Source {
  text: string;
  format: DocumentFormat;
}

let cachedSources: Source[] | null = null;

function sources(): Source[] {
  if (cachedSources) return cachedSources;
  const random = new Prng(7);
  cachedSources = [
    ...(corpusFiles() ?? []).map(({ text }) => ({ text, format: 'markdown' as const })),
    { text: generateMarkdown(60_000, 5), format: 'markdown' },
    { text: generateLatex(60_000, random), format: 'latex' },
  ];
  return cachedSources;
}

/** A random change of `text`, often at a line start, where the block structure is decided. */
function randomChange(random: Prng, text: string): TextChange {
  let at = random.int(text.length + 1);
  if (random.next() < 0.3) at = text.lastIndexOf('\n', at) + 1;
  const rangeLength = random.next() < 0.5 ? 0 : Math.min(text.length - at, random.int(random.next() < 0.1 ? 3000 : 40));
  const insert = random.next() < 0.2 && rangeLength > 0 ? '' : random.pick(TOKENS);
  return { rangeOffset: at, rangeLength, text: insert };
}

const apply = (text: string, c: TextChange) =>
  text.slice(0, c.rangeOffset) + c.text + text.slice(c.rangeOffset + c.rangeLength);

function full(text: string, format: DocumentFormat): Scanned {
  const lines = new LineIndex(text);
  return { ...scanTracked(text, format, {}, lines), lines };
}

/** The first field where the rescan differs from the whole scan, or null. */
function difference(rescanned: ScannedDocument, whole: ScannedDocument): string | null {
  const a = plainScan(rescanned);
  const b = plainScan(whole);
  for (const key of Object.keys(b) as (keyof typeof b)[]) {
    if (isDeepStrictEqual(a[key], b[key])) continue;
    const left = a[key];
    const right = b[key];
    if (!Array.isArray(left) || !Array.isArray(right)) return key;
    const i = right.findIndex((item, k) => !isDeepStrictEqual(left[k], item));
    return `${key}[${i}] (of ${left.length} vs ${right.length}): ${JSON.stringify(left[i])?.slice(0, 300)} vs ${JSON.stringify(right[i])?.slice(0, 300)}`;
  }
  return null;
}

export interface IncrementalFailure {
  seed: number;
  index: number;
  problem: string;
  /** The text before the failing batch, and the batch. */
  text: string;
  changes: TextChange[];
}

export interface IncrementalReport {
  cases: number;
  batches: number;
  ms: number;
  failures: IncrementalFailure[];
}

/** `count` documents, each edited by one to four batches of one to three changes. */
export function fuzzIncremental(count: number, seed: number): IncrementalReport {
  const random = new Prng(seed);
  const failures: IncrementalFailure[] = [];
  let batches = 0;
  const t0 = performance.now();
  for (let index = 0; index < count; index++) {
    const source = random.pick(sources());
    const start = random.int(Math.max(1, source.text.length - 2000));
    let text = source.text.slice(start, start + 1000 + random.int(12_000));
    let scanned = full(text, source.format);
    const rounds = 1 + random.int(4);
    for (let round = 0; round < rounds; round++) {
      const changes: TextChange[] = [];
      const span = new ChangedSpan(text.length);
      let next = text;
      for (let n = 1 + (random.next() < 0.2 ? random.int(3) : 0); n > 0; n--) {
        const change = randomChange(random, next);
        changes.push(change);
        next = apply(next, change);
      }
      span.add(changes);
      batches++;
      try {
        const updated = rescan(scanned, next, span.edit, {});
        const problem = difference(updated.doc, full(next, source.format).doc);
        if (problem) {
          failures.push({ seed, index, problem, text, changes });
          break;
        }
        scanned = updated;
      } catch (err) {
        failures.push({ seed, index, problem: `threw ${err instanceof Error ? err.stack : err}`, text, changes });
        break;
      }
      text = next;
    }
  }
  return { cases: count, batches, ms: performance.now() - t0, failures };
}
